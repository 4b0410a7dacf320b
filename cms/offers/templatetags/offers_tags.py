from django import template

from cms.offers.models import can_follow_pages, followed_page_ids

register = template.Library()


@register.simple_tag
def page_follow_state(user, page):
    """``{"shown": …, "following": …}`` for the "Follow this page" form of ``user`` on ``page``
    (what they follow is kept until they follow or stop following a page)."""
    shown = bool(page is not None and page.pk) and can_follow_pages(user)
    return {"shown": shown, "following": shown and page.pk in followed_page_ids(user)}
