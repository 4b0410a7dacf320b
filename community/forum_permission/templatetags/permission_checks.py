"""machina's ``{% get_permission %}`` (``{% load permission_checks %}`` in the place of machina's
``forum_permission_tags``), without listing the permission handler's methods on each use.

machina's tag calls ``inspect.getmembers`` on the handler each time to check that the method named
is one of its public methods: a dozen times on a topic page, about a millisecond each. The names
are the same for every instance of a handler class: they are listed once per class.
"""

import functools
import inspect

from django import template
from machina.core.loading import get_class

PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")

register = template.Library()


@functools.cache
def public_methods(handler_class):
    """The methods a template may ask a handler of ``handler_class`` (machina's rule)."""
    return frozenset(
        name
        for name, member in inspect.getmembers(handler_class)
        if not name.startswith("_") and (inspect.isfunction(member) or inspect.ismethod(member))
    )


@register.simple_tag(takes_context=True)
def get_permission(context, method, *args, **kwargs):
    """Whether the permission ``method`` of the request's permission handler is granted.

    Usage: ``{% get_permission 'can_access_moderation_queue' request.user as var %}``"""
    request = context.get("request", None)
    handler = request.forum_permission_handler if request else PermissionHandler()
    allowed = public_methods(type(handler))
    if method not in allowed:
        raise template.TemplateSyntaxError(
            f"Only the following methods are allowed through this templatetag: {sorted(allowed)}"
        )
    return getattr(handler, method)(*args, **kwargs)
