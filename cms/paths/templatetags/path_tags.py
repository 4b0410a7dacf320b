from django import template

from cms.paths.progress import member_progress, path_steps, steps_teaching

register = template.Library()


@register.simple_tag(takes_context=True)
def path_steps_teaching(context, page):
    """The steps of live paths that point to ``page``: ``[(step, path address), …]``."""
    return steps_teaching(page, context.get("request"))


@register.simple_tag(takes_context=True)
def steps_of(context, path):
    """The steps of ``path`` as the reader sees them (available or not)."""
    return path_steps(context["request"], path)


@register.simple_tag(takes_context=True)
def progress_of(context, path_pk, total=0):
    """What the reader did of the path ``path_pk`` (in a member part)."""
    return member_progress(context["request"], path_pk, total)
