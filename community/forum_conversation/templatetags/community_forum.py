from django import template

from cms.taxonomies.models import Theme

register = template.Library()


@register.simple_tag
def forum_themes():
    """The themes members tag their topics with, for the theme pages' links."""
    return Theme.objects.order_by("sort_order", "name")
