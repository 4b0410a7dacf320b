from django import template

from cms.paths.progress import steps_teaching

register = template.Library()


@register.simple_tag(takes_context=True)
def path_steps_teaching(context, page):
    """The steps of live paths that point to ``page``: ``[(step, path address), …]``."""
    return steps_teaching(page, context.get("request"))
