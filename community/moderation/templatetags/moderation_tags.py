from django import template

from ..alerts import queue_count

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_queue_count(context):
    """What waits for the signed-in moderator (reports, posts, sign-ups they moderate); None for
    a member who moderates nothing."""
    request = context.get("request")
    user = getattr(request, "user", None)
    handler = getattr(request, "forum_permission_handler", None)
    if user is None or handler is None or not user.is_authenticated:
        return None
    if not hasattr(request, "_moderation_queue_count"):
        request._moderation_queue_count = queue_count(user, handler)
    return request._moderation_queue_count
