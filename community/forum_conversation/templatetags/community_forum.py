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
