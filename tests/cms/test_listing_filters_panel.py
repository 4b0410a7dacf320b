"""The listing filters fold into a <details> panel (no script), and French colons do not wrap."""

from bs4 import BeautifulSoup

from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.conftest import text_of


def test_catalogue_filters_sit_in_a_folding_panel_that_counts_the_active_ones(
    client, make_offer, catalogue
):
    make_offer("Permanence CEP en tiers-lieux", regions=["bretagne"], audiences=["salaries"])

    soup = BeautifulSoup(client.get(catalogue.url).content.decode(), "html.parser")
    panel = soup.select_one("details.filters-panel")
    assert panel is not None and not panel.has_attr("open")
    assert panel.summary.get_text(strip=True) == "Filtres"
    # Keywords, six lists and the sort order.
    assert len(panel.select("form.filters select, form.filters input[name=q]")) == 8

    query = {"region": "bretagne", "audience": "salaries", "sort": "title"}
    html = client.get(catalogue.url, query).content
    summary = BeautifulSoup(html.decode(), "html.parser").select_one(".filters-panel summary")
    assert summary.get_text(strip=True) == "Filtres (2 actifs)"
    # An unknown value is not counted.
    html = client.get(catalogue.url, {"region": "atlantide"}).content.decode()
    assert "Filtres (" not in text_of(html)


def test_french_colons_are_bound_to_their_label(client, make_video, audiences):
    make_video(title="Les trois temps du CEP", audiences=[audiences["salaries"]])
    html = client.get("/videos/").content.decode()
    assert "Pour\u00a0: Salariés" in html and "Durée\u00a0:" in html
    assert "Pour :" not in html and "Durée :" not in html
