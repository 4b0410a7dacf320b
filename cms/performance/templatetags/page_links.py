"""Links between pages that every reader sees alike, kept per version of public content."""

from django import template
from wagtail.models import Site

from cms.performance.shared import remember

register = template.Library()


def _parent_link(page, request):
    parent = page.get_parent()
    if parent is None:
        return None
    return {"url": parent.get_url(request), "title": parent.title}


@register.simple_tag(takes_context=True)
def parent_link(context, page):
    """``{"url", "title"}`` of ``page``'s parent (the way back to its section), as the request's
    site addresses it: read once per version of public content (any publication, move or
    renaming bumps it), not once per view. A preview computes it each time."""
    request = context.get("request")
    if page.pk is None or request is None or getattr(request, "is_preview", False):
        return _parent_link(page, request)
    site = Site.find_for_request(request)
    key = f"parent-link:{page.pk}:{site.pk if site else None}"
    return remember(key, lambda: _parent_link(page, request))
