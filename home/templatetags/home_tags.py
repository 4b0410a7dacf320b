from django import template

from cms.performance.invalidation import CONTENT, FORUM
from cms.performance.shared import remember
from community.forum_conversation.selectors import unanswered_followed_topics
from community.notifications.signals import follows_version

register = template.Library()

HOME_UNANSWERED_COUNT = 5


@register.simple_tag(takes_context=True)
def followed_unanswered(context):
    """The questions waiting for an answer in what the member follows: kept per version of public
    content (posts, topics, permissions) and of their follows; none followed, no query."""
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return []

    def build():
        handler = getattr(request, "forum_permission_handler", None)
        return list(unanswered_followed_topics(user, limit=HOME_UNANSWERED_COUNT, handler=handler))

    return remember(
        f"followed-unanswered:{user.pk}:{follows_version(user)}", build, keys=(CONTENT, FORUM)
    )
