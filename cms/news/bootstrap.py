"""The news index page, part of every site: ``manage.py setup_site`` creates it."""

from cms.publishing import publish_child

from .models import NewsIndexPage

INDEX_TITLE = "Actualités"
INDEX_SLUG = "actualites"
INDEX_INTRODUCTION = (
    "Les nouvelles du CEP, des dispositifs et des financements, en quelques lignes."
)


def ensure_index(home):
    """The index page under ``home``; return (index, created)."""
    index = NewsIndexPage.objects.first()
    if index is not None:
        return index, 0
    index = publish_child(
        home,
        NewsIndexPage(
            title=INDEX_TITLE,
            slug=INDEX_SLUG,
            show_in_menus=True,
            introduction=INDEX_INTRODUCTION,
        ),
    )
    return index, 1
