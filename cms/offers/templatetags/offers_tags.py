from django import template

from cms.offers.models import PageFollow, can_follow_pages

register = template.Library()


@register.simple_tag
def page_follow_state(user, page):
    """``{"shown": …, "following": …}`` for the "Follow this page" form of ``user`` on ``page``:
    one query for a member who may follow pages, none otherwise."""
    shown = bool(page is not None and page.pk) and can_follow_pages(user)
    following = shown and PageFollow.objects.filter(user=user, page_id=page.pk).exists()
    return {"shown": shown, "following": following}
