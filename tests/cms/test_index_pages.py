"""The index pages share one base: an introduction, and a listing named by its FilterSet."""

import pytest

from cms.listing import FilteredIndexPage, IndexPage, ListingFilterSet
from cms.news.models import NewsIndexPage, NewsPage
from cms.offers.models import OfferIndexPage, OfferPage
from cms.structures.models import StructureIndexPage
from cms.videos.models import VideoIndexPage, VideoPage
from tests.conftest import text_of

INDEXES = [
    (OfferIndexPage, "offres"),
    (NewsIndexPage, "actualites"),
    (VideoIndexPage, "videos"),
    (StructureIndexPage, "structures"),
]


@pytest.mark.parametrize(("model", "slug"), INDEXES)
def test_each_index_page_shows_its_introduction(client, portal, model, slug):
    assert issubclass(model, IndexPage)
    portal.add_child(
        instance=model(title="Rubrique", slug=slug, introduction="Une introduction à lire.")
    )
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    assert "Une introduction à lire." in text_of(response.content.decode())


@pytest.mark.parametrize(
    ("model", "item_model"),
    [(OfferIndexPage, OfferPage), (NewsIndexPage, NewsPage), (VideoIndexPage, VideoPage)],
)
def test_each_filtered_index_names_a_filterset_for_its_items(model, item_model):
    assert issubclass(model, FilteredIndexPage)
    assert issubclass(model.filterset, ListingFilterSet)
    assert model.filterset._meta.model is item_model
