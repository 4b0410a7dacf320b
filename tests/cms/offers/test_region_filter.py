"""One meaning of "offers for a region": that region's own offers and the national ones.

The catalogue (/offres/?region=…), the API (/api/v2/offers/?region=…), the home page's newest
offers (?region=… or the member's region), the member's digest and the site search's region facet
(/recherche/?region=…) must give the same set.
"""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.offers.models import OfferPage
from cms.taxonomies.models import Region

BRETAGNE = {
    "Atelier CV à Rennes",
    "Bilan à Brest",
    "Forum de l’Ouest",
    "Compte personnel de formation",
    "Offre nationale citant la Bretagne",
}
NORMANDIE = {
    "Permanence à Caen",
    "Forum de l’Ouest",
    "Compte personnel de formation",
    "Offre nationale citant la Bretagne",
}
EXPECTED = {"bretagne": BRETAGNE, "normandie": NORMANDIE}
# The offers of each set that name the region itself (they come first on the home page).
OWN_OFFERS = {
    "bretagne": BRETAGNE - {"Compte personnel de formation"},
    "normandie": {"Permanence à Caen", "Forum de l’Ouest"},
}


@pytest.fixture
def regional_offers(make_offer):
    make_offer("Atelier CV à Rennes", regions=["bretagne"])
    make_offer("Bilan à Brest", regions=["bretagne"])
    make_offer("Permanence à Caen", regions=["normandie"])
    make_offer("Forum de l’Ouest", regions=["bretagne", "normandie"])
    make_offer("Compte personnel de formation", is_national=True)
    # National and linked to a region: it must come out once, not twice.
    make_offer("Offre nationale citant la Bretagne", is_national=True, regions=["bretagne"])
    make_offer("Atelier à Toulouse", regions=["occitanie"])
    # No region and no national flag: it applies in no particular region.
    make_offer("Offre sans région")
    make_offer("Brouillon breton", regions=["bretagne"], publish=False)


def card_titles(soup, selector=".card-item__title a"):
    return [a.get_text(strip=True) for a in soup.select(selector)]


def catalogue_titles(client, region):
    """Every offer the catalogue lists for the region, following the pages."""
    found, url = [], f"/offres/?region={region}"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        found += card_titles(soup)
        following = soup.select_one("a[rel=next]")
        url = "/offres/" + following["href"] if following else None
    return found


def api_titles(client, region):
    """Every offer the API returns for the region, page after page."""
    found, offset = [], 0
    while True:
        response = client.get(f"/api/v2/offers/?region={region}&limit=2&offset={offset}")
        assert response.status_code == 200, response.content
        data = response.json()
        found += [item["title"] for item in data["items"]]
        offset += 2
        if offset >= data["meta"]["total_count"]:
            return found


def home_titles(client, query=""):
    soup = BeautifulSoup(client.get(f"/{query}").content, "html.parser")
    section = soup.select_one('section[aria-labelledby="newest-offers-title"]')
    return card_titles(section) if section else []


def search_titles(client, region):
    """The offers the site search finds for the region (every test offer's summary says
    "Résumé")."""
    response = client.get(f"/recherche/?q=résumé&type=offre&region={region}")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return card_titles(soup, "main .search-result__title a")


def digest_titles(client):
    """The offers of the signed-in member's digest, as its preview page lists them."""
    soup = BeautifulSoup(client.get(reverse("notifications:digest_preview")).content, "html.parser")
    heading = soup.find("h2", string="Offres nouvelles et mises à jour")
    return [a.get_text(strip=True) for a in heading.find_next_sibling("ul").select("a")]


def test_queryset_gives_the_regions_offers_and_national_ones_once(regional_offers):
    bretagne = Region.objects.get(slug="bretagne")
    offers = OfferPage.objects.live().for_region(bretagne)
    titles = [offer.title for offer in offers]
    assert sorted(titles) == sorted(BRETAGNE)
    assert [o.title for o in OfferPage.objects.live().for_region(bretagne.pk)] == titles


@pytest.mark.parametrize("region", ["bretagne", "normandie"])
def test_catalogue_api_home_search_and_digest_give_the_same_offers_for_a_region(
    client, regional_offers, make_member, monkeypatch, region
):
    # The home block shows the newest few; widen it to compare whole sets.
    monkeypatch.setattr("home.models.HOME_OFFERS_COUNT", 50)
    found = {
        "catalogue": catalogue_titles(client, region),
        "API": api_titles(client, region),
        "home page": home_titles(client, f"?region={region}"),
        "search": search_titles(client, region),
    }
    client.force_login(make_member(region=Region.objects.get(slug=region)))
    found["digest"] = digest_titles(client)
    for surface, titles in found.items():
        assert sorted(titles) == sorted(EXPECTED[region]), surface


def test_a_member_without_a_region_gets_the_national_offers_in_the_digest(
    client, regional_offers, make_member
):
    client.force_login(make_member())
    assert sorted(digest_titles(client)) == sorted(
        ["Compte personnel de formation", "Offre nationale citant la Bretagne"]
    )


def test_offers_of_several_regions_come_out_in_one_query(regional_offers):
    regions = Region.objects.in_bulk(["bretagne", "normandie", "occitanie"], field_name="slug")
    offers = OfferPage.objects.live()
    with CaptureQueriesContext(connection) as queries:
        found = offers.ids_by_region([*regions.values(), None])
    assert len(queries) == 1
    titles = dict(offers.values_list("pk", "title"))
    for region in regions.values():
        expected = {o.title for o in offers.for_region(region)}
        assert {titles[pk] for pk in found[region.pk]} == expected
    assert {titles[pk] for pk in found[None]} == {
        "Compte personnel de formation",
        "Offre nationale citant la Bretagne",
    }
    assert {titles[pk] for pk in found[regions["bretagne"].pk]} == BRETAGNE


@pytest.mark.parametrize("region", ["bretagne", "normandie"])
def test_home_gives_the_same_offers_to_a_visitor_and_to_a_member_of_the_region(
    client, regional_offers, make_member, monkeypatch, region
):
    # The block shows the newest few; widen it to compare whole sets.
    monkeypatch.setattr("home.models.HOME_OFFERS_COUNT", 50)
    assert sorted(home_titles(client, f"?region={region}")) == sorted(EXPECTED[region])

    client.force_login(make_member(region=Region.objects.get(slug=region)))
    member_view = home_titles(client)
    assert sorted(member_view) == sorted(EXPECTED[region])
    # The region's own offers come before the national offers that do not name it.
    own = OWN_OFFERS[region]
    assert set(member_view[: len(own)]) == own


def test_home_block_is_the_newest_of_the_regions_offers(client, regional_offers, make_member):
    shown = home_titles(client, "?region=normandie")
    assert len(shown) == 4 and set(shown) <= NORMANDIE

    # A member of Bretagne who asks for Normandie sees Normandie; an unknown region is ignored.
    client.force_login(make_member(region=Region.objects.get(slug="bretagne")))
    assert set(home_titles(client, "?region=normandie")) <= NORMANDIE
    soup = BeautifulSoup(client.get("/?region=atlantide").content, "html.parser")
    assert soup.select_one("#newest-offers-title").get_text(strip=True) == (
        "Nouvelles offres, Bretagne d’abord"
    )
    assert set(home_titles(client, "?region=atlantide")) <= BRETAGNE
    link = soup.find("a", string="Toutes les offres")
    assert link["href"] == "/offres/?region=bretagne"


def test_without_a_region_every_live_offer_is_listed_everywhere(client, regional_offers):
    everything = {offer.title for offer in OfferPage.objects.live()}
    assert "Offre sans région" in everything and "Atelier à Toulouse" in everything
    assert sorted(catalogue_titles(client, "")) == sorted(everything)
    assert sorted(api_titles(client, "")) == sorted(everything)


def test_unknown_region_in_the_api_gives_no_offer(client, regional_offers):
    response = client.get("/api/v2/offers/?region=atlantide")
    assert response.status_code == 200
    assert response.json()["meta"]["total_count"] == 0
