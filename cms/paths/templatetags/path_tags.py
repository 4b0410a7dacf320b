from django import template

from cms.paths.progress import path_progress, steps_teaching

register = template.Library()


@register.simple_tag(takes_context=True)
def path_steps_teaching(context, page):
    """The steps of live paths that point to ``page``: ``[(step, path address), …]``."""
    return steps_teaching(page, context.get("request"))


@register.simple_tag(takes_context=True)
def progress_of(context, path):
    """The steps of ``path`` as the reader sees them, and the reader's progress."""
    return path_progress(context["request"], path)
