"""The structures index page, part of every site: ``manage.py setup_site`` creates it."""

from cms.publishing import publish_child

from .models import StructureIndexPage

INDEX_TITLE = "Structures"
INDEX_SLUG = "structures"
INDEX_INTRODUCTION = "Qui délivre le CEP, à quels publics, et comment l’accompagnement se déroule dans chaque réseau."


def ensure_index(home):
    """The index page under ``home``; return (index, created)."""
    index = StructureIndexPage.objects.first()
    if index is not None:
        return index, 0
    index = publish_child(
        home,
        StructureIndexPage(
            title=INDEX_TITLE,
            slug=INDEX_SLUG,
            show_in_menus=True,
            introduction=INDEX_INTRODUCTION,
        ),
    )
    return index, 1
