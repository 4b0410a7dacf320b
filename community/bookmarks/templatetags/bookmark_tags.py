from django import template

from community.bookmarks import services

register = template.Library()


@register.inclusion_tag("bookmarks/parts/save_button.html", takes_context=True)
def save_button(context, kind, pk):
    """The "Sauvegarder" button of a topic, post or page, for members (a member part: its state
    is read once per request for all the buttons of the page)."""
    request, user = context["request"], context["user"]
    shown = services.may_bookmark(user)
    return {
        "shown": shown,
        "saved": shown and (kind, pk) in services.bookmarked_keys(request),
        "kind": kind,
        "pk": pk,
        "label": services.SAVE_LABELS.get(kind, ""),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def page_bookmark_kind(page):
    return services.page_kind_of(page) or "" if page is not None else ""
