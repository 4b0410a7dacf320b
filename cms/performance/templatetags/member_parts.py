from django import template

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
