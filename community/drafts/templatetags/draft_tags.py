from django import template

from community.drafts import services

register = template.Library()


@register.simple_tag(takes_context=True)
def reply_draft_of(context, topic_pk):
    """When the reader saved a reply draft for topic ``topic_pk`` (None if they did not)."""
    request, user = context["request"], context["user"]
    if not user.is_authenticated:
        return None
    return services.reply_draft_topics(request).get(topic_pk)
