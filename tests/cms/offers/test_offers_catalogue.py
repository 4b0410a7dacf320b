import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.offers.models import OfferPage
from tests.conftest import text_of

T, F = OfferPage.Kind.TRAINING, OfferPage.Kind.FUNDING


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select(".card-item__title a"))


@pytest.fixture
def offers(make_offer):
    make_offer("Atelier CV", audiences=["demandeurs-demploi"], regions=["bretagne"])
    # A blended training of 8 months, a national funding, a regional one (funded by "Région").
    make_offer(
        "Titre professionnel CIP",
        training=True,
        audiences=["salaries"],
        regions=["hauts-de-france"],
    )
    make_offer(
        "Compte personnel de formation",
        funding=True,
        funder="Caisse des dépôts",
        national=True,
        audiences=["salaries", "demandeurs-demploi"],
    )
    make_offer(
        "Chèque formation",
        funding=True,
        audiences=["demandeurs-demploi"],
        regions=["hauts-de-france"],
    )
    make_offer("Brouillon caché", publish=False, audiences=["salaries"], is_national=True)


def test_catalogue_lists_live_offers_with_count(client, offers):
    response = client.get("/offres/")
    assert response.status_code == 200
    assert titles(response) == [
        "Atelier CV",
        "Chèque formation",
        "Compte personnel de formation",
        "Titre professionnel CIP",
    ]
    assert "4 offres trouvées" in text_of(response.content.decode())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=funding", ["Chèque formation", "Compte personnel de formation"]),
        ("audience=salaries", ["Compte personnel de formation", "Titre professionnel CIP"]),
        ("region=bretagne", ["Atelier CV", "Compte personnel de formation"]),
        ("q=formation", ["Chèque formation", "Compte personnel de formation"]),
        (
            "kind=funding&region=hauts-de-france",
            ["Chèque formation", "Compte personnel de formation"],
        ),
        (
            "kind=funding&region=hauts-de-france&audience=demandeurs-demploi&q=chèque",
            ["Chèque formation"],
        ),
        (
            "audience=salaries&region=hauts-de-france",
            ["Compte personnel de formation", "Titre professionnel CIP"],
        ),
    ],
)
def test_each_filter_alone_and_combined(client, offers, query, expected):
    response = client.get(f"/offres/?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_an_offer_matching_several_filters_is_listed_and_counted_once(client, make_offer):
    make_offer(
        "Bilan de compétences",
        audiences=["salaries", "demandeurs-demploi"],
        regions=["bretagne", "hauts-de-france"],
        is_national=True,
    )
    response = client.get(
        "/offres/?audience=salaries&region=bretagne&q=bilan+competences&kind=service"
    )
    assert titles(response) == ["Bilan de compétences"]
    assert "1 offre trouvée" in text_of(response.content.decode())
    for query in ("?audience=salaries", "?region=hauts-de-france", ""):
        response = client.get(f"/offres/{query}")
        assert titles(response) == ["Bilan de compétences"], query
        assert "1 offre trouvée" in text_of(response.content.decode())


def test_regional_filter_includes_national_offers(client, offers):
    assert "Compte personnel de formation" in titles(client.get("/offres/?region=corse"))


def test_invalid_values_are_ignored_with_a_french_message(client, offers):
    response = client.get("/offres/?region=atlantide&kind=bogus&sort=nope&page=abc")
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "ont été ignorés" in text
    assert "Région" in text and "Type d’offre" in text
    assert len(titles(response)) == 4


def test_sort_orders(client, offers):
    soup = BeautifulSoup(client.get("/offres/?sort=title").content, "html.parser")
    listed = [a.get_text(strip=True) for a in soup.select(".card-item__title a")]
    assert listed == sorted(listed)


def test_empty_state_and_filters_kept_in_the_form(client, offers):
    response = client.get("/offres/?q=introuvable&audience=salaries")
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Aucune offre ne correspond à ces filtres." in text_of(response.content.decode())
    assert soup.select_one("main input[name=q]")["value"] == "introuvable"
    assert soup.select_one("select[name=audience] option[selected]")["value"] == "salaries"


def test_pagination_keeps_the_filters(client, make_offer):
    for number in range(14):
        make_offer(f"Offre nationale {number:02d}", is_national=True)
    soup = BeautifulSoup(client.get("/offres/?region=bretagne&sort=title").content, "html.parser")
    assert len(soup.select(".card-item")) == 12
    next_link = soup.select_one('a[rel="next"]')["href"]
    assert "region=bretagne" in next_link and "page=2" in next_link
    soup = BeautifulSoup(client.get("/offres/" + next_link).content, "html.parser")
    assert len(soup.select(".card-item")) == 2


def test_query_count_is_the_same_with_10_and_200_offers(
    client, make_offer, django_assert_max_num_queries
):
    def measure():
        client.get("/offres/?region=bretagne")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/offres/?region=bretagne&audience=salaries").status_code == 200
        return len(queries)

    for number in range(10):
        make_offer(
            f"Offre {number}", is_national=True, audiences=["salaries"], regions=["bretagne"]
        )
    small = measure()
    for number in range(10, 200):
        make_offer(
            f"Offre {number}", is_national=True, audiences=["salaries"], regions=["bretagne"]
        )
    assert measure() == small


def test_offer_page_shows_verified_on_and_key_facts(client, make_offer):
    offer = make_offer(
        "Titre CIP", kind=T, duration="8 mois", modality="remote", audiences=["salaries"]
    )
    text = text_of(client.get(offer.url).content.decode())
    assert "Vérifié le" in text
    assert "8 mois" in text and "À distance" in text and "Salariés" in text
    assert "peuvent ne plus être à jour" not in text
