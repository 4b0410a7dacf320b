from django import template

from cms.performance.shared import remember

from ..links import related_topics, visible_topic_url
from ..models import Proposal
from ..permissions import can_contribute

register = template.Library()


@register.simple_tag
def proposal_credit(page):
    """The display name of the member who proposed ``page``, or "" (kept per version of public
    content: proposals and members' names bump it)."""

    def credit():
        proposal = Proposal.objects.filter(page_id=page.pk).select_related("contributor").first()
        return proposal.contributor.get_display_name() if proposal is not None else ""

    return remember(f"proposal-credit:{page.pk}", credit)


@register.inclusion_tag("contributions/includes/related_discussions.html", takes_context=True)
def related_discussions(context, page):
    request = context.get("request")
    if request is None:
        return {"topics": []}
    topics = related_topics(request, page)
    return {"topics": [(topic, topic.get_absolute_url()) for topic in topics]}


@register.simple_tag(takes_context=True)
def citing_discussions(context, page):
    """The discussions the reader may see that cite ``page``: ``[(topic, address), …]``."""
    return related_discussions(context, page)["topics"]


@register.simple_tag(takes_context=True)
def topic_url_for_reader(context, topic_id):
    """The address of the topic ``topic_id`` if the reader may see it, else "" (a fiche's source
    discussion)."""
    request = context.get("request")
    return visible_topic_url(request, topic_id) if request is not None else ""


@register.inclusion_tag("contributions/includes/report_error_link.html", takes_context=True)
def report_error_link(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"page": page, "shown": user is not None and can_contribute(user)}


@register.inclusion_tag("contributions/includes/contribute_links.html", takes_context=True)
def contribute_links(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"shown": user is not None and can_contribute(user)}


@register.filter
def cards_of(cards, post_pk):
    """The portal cards of one post, from the ``{post pk: cards}`` of the topic page."""
    return (cards or {}).get(post_pk, [])
