import functools

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

from cms.performance.membercache import part

register = template.Library()


@register.simple_tag(takes_context=True)
def member_part(context, template_name, arg=None, **values):
    """``{% member_part "template.html" [number] [name=value…] %}``: a part of the page that
    belongs to its reader alone (cms/performance/membercache.py). The template sees ``request``,
    ``user``, ``perms``, ``messages``, ``csrf_token``, ``page``, the number as ``part_arg`` and
    each value (a number, text or yes/no) by its name, and nothing else of the page's context.
    Never inside ``{% cache %}``."""
    return part(context, template_name, arg, **values)


@register.simple_tag
def address(view_name):
    """``{% address "app:view" %}``: ``{% url "app:view" %}`` for a view taking no argument (and
    of a single instance), reversed once per process rather than on each request: a part
    rendered into each page served from the cache (the header's account links) reads several."""
    urlconf = get_urlconf()
    # Kept per URL resolver (a new one when the URLconf changes) and address prefix.
    return _address(view_name, get_script_prefix(), get_resolver(urlconf), urlconf)


@functools.lru_cache(maxsize=256)
def _address(view_name, script_prefix, resolver, urlconf):
    return reverse(view_name, urlconf)
