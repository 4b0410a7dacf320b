"""Wagtail's "set position" of a page (the explorer's drag-and-drop ordering), taking only what
it can act on: a POST (a GET is a 405, it answered an empty 200 or a 500) about a page that has
a parent (the root page has none: Wagtail's view raised AttributeError)."""

from django.http import Http404
from django.views.decorators.http import require_POST
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.pages.ordering import set_page_position as wagtail_set_page_position
from wagtail.models import Page


@require_admin_access
@require_POST
def set_page_position(request, page_to_move_id):
    if not Page.objects.filter(pk=page_to_move_id, depth__gt=1).exists():
        raise Http404
    return wagtail_set_page_position(request, page_to_move_id)
