from django import template

from cms.performance.membercache import part

register = template.Library()


@register.simple_tag(takes_context=True)
def member_part(context, template_name, arg=None):
    """``{% member_part "template.html" [number] %}``: a part of the page that belongs to its
    reader alone (cms/performance/membercache.py). The template sees ``request``, ``user``,
    ``perms``, ``messages``, ``csrf_token``, ``page`` and the number as ``part_arg``, and nothing
    else of the page's context. Never inside ``{% cache %}``."""
    return part(context, template_name, arg)
