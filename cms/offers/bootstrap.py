"""The catalogue index page, part of every site: ``manage.py setup_site`` creates it."""

from cms.publishing import publish_child

from .models import OfferIndexPage

INDEX_TITLE = "Offres"
INDEX_SLUG = "offres"
INDEX_INTRODUCTION = "Offres de services, formations, financements et dispositifs d’aide : trouvez ce qui s’applique à votre public et à votre région."


def ensure_index(home):
    """The index page under ``home``; return (index, created)."""
    index = OfferIndexPage.objects.first()
    if index is not None:
        return index, 0
    index = publish_child(
        home,
        OfferIndexPage(
            title=INDEX_TITLE,
            slug=INDEX_SLUG,
            show_in_menus=True,
            introduction=INDEX_INTRODUCTION,
        ),
    )
    return index, 1
