from django import template

from cms.taxonomies.models import Theme

register = template.Library()


@register.simple_tag
def forum_themes():
    """The themes members tag their topics with, for the theme pages' links."""
    return Theme.objects.order_by("sort_order", "name")


@register.filter
def has_own_subject(post):
    """Whether a post's subject says more than its topic's: not the topic's subject, nor "Re: …".

    machina gives every reply the subject "Re: <topic subject>"; the topic page shows those only
    to screen readers, so the same heading is not repeated over every reply.
    """
    subject = (post.subject or "").strip()
    topic_subject = post.topic.subject.strip()
    if post.is_topic_head or not subject:
        return False
    return subject.casefold() not in {
        topic_subject.casefold(),
        f"re: {topic_subject}".casefold(),
        f"re : {topic_subject}".casefold(),
    }


@register.simple_tag(takes_context=True)
def forum_is_unread(context, forum_id):
    """Whether rubric ``forum_id`` holds something the member has not read (a member part of the
    forum index: the rubrics they may see, then their marks, read once per request)."""
    request = context["request"]
    if not hasattr(request, "_unread_forum_ids"):
        from machina.core.db.models import get_model
        from machina.core.loading import get_class

        Forum = get_model("forum", "Forum")
        TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
        forums = request.forum_permission_handler.forum_list_filter(
            Forum.objects.all(), request.user
        )
        unread = TrackingHandler(request).get_unread_forums_from_list(request.user, forums)
        request._unread_forum_ids = {forum.pk for forum in unread}
    return forum_id in request._unread_forum_ids
