"""The rubrics above a rubric (the forum's breadcrumb), from the rubrics' tree the request's
permission handler already holds (kept in the shared cache under the forum permissions' version,
which adding, moving, renaming or deleting a rubric bumps): no query, where machina's
``forum.get_ancestors`` made one on every rubric and topic page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def rubric_ancestors(context, forum):
    """``forum``'s ancestors, from the root down (as ``forum.get_ancestors()``)."""
    request = context.get("request")
    handler = getattr(request, "forum_permission_handler", None)
    if not hasattr(handler, "_get_all_forums"):
        return list(forum.get_ancestors())
    return sorted(
        (
            other
            for other in handler._get_all_forums()
            if other.tree_id == forum.tree_id and other.lft < forum.lft and other.rght > forum.rght
        ),
        key=lambda other: other.lft,
    )
