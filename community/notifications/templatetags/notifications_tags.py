from django import template

from community.accounts.roles import may_participate

from ..services import is_following, summary, target_kind, unread_count
from ..signals import followed_ids

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """The signed-in member's unread notifications (kept until a notification changes), none for
    an anonymous visitor."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(user)
    return request._unread_notifications


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button(context, target, following=None):
    """A "Suivre ce sujet" / "Ne plus suivre ce sujet" form that works without JavaScript.

    ``following``: whether the member follows ``target``, when the page already knows (a list
    of follows); otherwise one query finds out. Members who may not follow (partners, pending
    members) see no "Suivre" button, only "Ne plus suivre" for what they already follow."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or target is None:
        return {"show": False}
    if following is None:
        following = is_following(user, target)
    return {
        "show": following or may_participate(user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "kind": target_kind(target),
        "following": following,
    }


@register.inclusion_tag("notifications/follow_button.html", takes_context=True)
def follow_button_for(context, kind, pk):
    """The same button from what is followed (``kind``: topic, forum or theme; ``pk``), read from
    the member's follows kept in the shared cache: a member part of pages kept for everyone."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    following = pk in followed_ids(user)[kind]
    return {
        "show": following or may_participate(user),
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": {"pk": pk},
        "kind": kind,
        "following": following,
    }


@register.simple_tag
def notification_summary(notification):
    return summary(notification)
