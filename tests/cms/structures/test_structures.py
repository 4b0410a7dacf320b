import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.structures import demo
from cms.structures.imports import import_local_sites
from cms.structures.models import StructurePage
from cms.taxonomies.models import Region
from tests.conftest import text_of


@pytest.fixture
def structures(portal, reference_lists):
    return demo.load(portal, io.StringIO())


def test_structures_index_lists_operators_and_local_sites(client, structures):
    response = client.get("/structures/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    operators = [a.get_text(strip=True) for a in soup.select(".operators .card-item__title a")]
    assert operators == [
        "France Travail",
        "Apec",
        "Missions locales",
        "Cap emploi",
        "Opérateurs régionaux pour les actifs occupés",
    ]
    # Local sites in every metropolitan region, Île-de-France included.
    regions = set(
        StructurePage.objects.filter(depth__gt=structures.depth + 1).values_list(
            "regions__slug", flat=True
        )
    )
    metropolitan = set(Region.objects.filter(is_overseas=False).values_list("slug", flat=True))
    assert len(metropolitan) == 13 and metropolitan <= regions
    text = text_of(client.get("/structures/?region=bretagne").content.decode())
    assert "Mission locale du bassin rennais" in text
    assert "4 sites locaux trouvés" in text


def test_the_demo_is_loaded_twice_without_new_sites(structures):
    count = StructurePage.objects.count()
    out = io.StringIO()
    demo.load(structures.get_parent(), out)
    assert StructurePage.objects.count() == count
    assert "0 page(s) créée(s)" in out.getvalue()


def site_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".local-sites .card-item__title a")]


def test_local_sites_filter_by_region_and_department(client, structures):
    assert sorted(site_titles(client.get("/structures/?region=ile-de-france"))) == [
        "Apec Paris",
        "CEP actifs occupés Île-de-France",
        "Cap emploi Hauts-de-Seine",
        "France Travail Paris 11e",
        "Mission locale de Saint-Denis",
    ]
    assert site_titles(client.get("/structures/?region=ile-de-france&department=93")) == [
        "Mission locale de Saint-Denis"
    ]
    assert site_titles(client.get("/structures/?department=2A")) == ["France Travail Ajaccio"]
    assert site_titles(client.get("/structures/?region=corse&operator=missions-locales")) == [
        "Mission locale de Haute-Corse"
    ]
    # An unknown department is ignored and said so, never a 500.
    response = client.get("/structures/?region=corse&department=99")
    assert response.status_code == 200
    assert "Département" in text_of(response.content.decode())
    assert len(site_titles(response)) == 2
    assert "ignoré" in text_of(response.content.decode())


def test_a_counsellors_region_is_chosen_first(client, structures, make_member):
    everywhere = len(site_titles(client.get("/structures/?region=toutes")))
    assert len(site_titles(client.get("/structures/"))) == min(everywhere, 24)

    member = make_member(region=Region.objects.get(slug="ile-de-france"))
    client.force_login(member)
    response = client.get("/structures/")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_region option[selected]").get_text() == "Île-de-France"
    assert len(site_titles(response)) == 5
    assert "Mission locale de Saint-Denis" in site_titles(response)
    # "Toutes les régions" shows them all, and stays chosen across pages.
    response = client.get("/structures/?region=toutes")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_region option[selected]").get_text() == "Toutes les régions"
    assert len(site_titles(response)) == 24
    assert "region=toutes" in soup.select_one('a[rel="next"]')["href"]
    # Another region chosen in the filter wins over the member's own.
    assert sorted(site_titles(client.get("/structures/?region=corse"))) == [
        "France Travail Ajaccio",
        "Mission locale de Haute-Corse",
    ]


def more_sites(count, start):
    return [
        (
            number,
            {
                "identifiant": f"QC-{number}",
                "reseau": "france-travail",
                "nom": f"France Travail Rennes {number}",
                "code_postal": "35000",
                "commune": "Rennes",
                "code_departement": "35",
                "telephone": "39 49",
            },
        )
        for number in range(start, start + count)
    ]


def test_local_sites_listing_query_count_does_not_depend_on_the_number_of_sites(
    client, structures, make_member
):
    client.force_login(make_member(region=Region.objects.get(slug="bretagne")))

    def measure():
        client.get("/structures/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/structures/?department=35")
        assert response.status_code == 200
        return len(queries), len(site_titles(response))

    import_local_sites(more_sites(3, 1))
    small, shown = measure()
    assert shown == 3 + 4  # and the demo's four
    import_local_sites(more_sites(60, 100))
    large, shown = measure()
    assert shown == 24
    assert large == small


def test_who_does_what_is_built_from_the_structure_pages(client, structures):
    response = client.get("/structures/qui-fait-quoi/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Qui fait quoi"
    rows = {}
    current = None
    for tr in soup.select("tbody tr"):
        if tr.th:
            current = tr.th.get_text(strip=True)
        rows.setdefault(current, []).append(tr.select_one("td").get_text(strip=True))
    assert rows["Cadres"] == ["Apec"]
    assert rows["Salariés"] == ["Opérateurs régionaux pour les actifs occupés"]
    assert rows["Agents publics"] == ["Aucune structure n’est encore indiquée pour ce public."]

    apec = StructurePage.objects.get(slug="apec")
    apec.remote = StructurePage.Remote.REMOTE
    apec.save_revision().publish()
    assert "À distance uniquement" in text_of(
        client.get("/structures/qui-fait-quoi/").content.decode()
    )


def test_who_does_what_query_count_does_not_depend_on_audiences(client, structures):
    from cms.taxonomies.models import Audience

    client.get("/structures/qui-fait-quoi/")
    with CaptureQueriesContext(connection) as before:
        client.get("/structures/qui-fait-quoi/")
    for number in range(10):
        Audience.objects.create(name=f"Public {number}")
    client.get("/structures/qui-fait-quoi/")  # the shared cache refills after the change
    with CaptureQueriesContext(connection) as after:
        client.get("/structures/qui-fait-quoi/")
    assert len(before) == len(after)


def test_structure_page_shows_how_the_cep_works(client, structures):
    text = text_of(client.get("/structures/apec/").content.decode())
    assert "Comment obtenir un rendez-vous" in text
    assert "Cadres" in text
    assert "Apec Lille" in text
    assert "Organisation du CEP chez nous" in text
    assert "Les consultants de l’Apec" in text


def test_local_site_page_shows_contacts_hours_appointment_publics_and_organisation(
    client, structures
):
    site = StructurePage.objects.get(external_id="DEMO-ML-93")
    response = client.get(site.url)
    soup = BeautifulSoup(response.content, "html.parser")
    headings = [h2.get_text(strip=True) for h2 in soup.select("h2")]
    for heading in (
        "Comment obtenir un rendez-vous",
        "Organisation du CEP chez nous",
        "Coordonnées",
        "Horaires d’ouverture",
    ):
        assert heading in headings
    text = text_of(response.content.decode())
    # Contact details, hours, publics served, the department and region.
    assert "8 rue de la République" in text and "93200 Saint-Denis" in text
    assert soup.select_one('a[href="tel:0148000000"]') is not None
    assert "Lundi au vendredi : 9 h – 12 h et 13 h 30 – 17 h" in text
    assert "Jeunes de 16 à 25 ans" in text
    assert "Seine-Saint-Denis (93)" in text and "Île-de-France" in text
    # What the site does not say itself is read on its network's page.
    assert "Sans rendez-vous aux heures d’accueil" in text
    assert "Comme partout dans le réseau Missions locales" in text

    site.cep_organisation = "<p>Permanence CEP le mardi, avec le CIDFF du 93.</p>"
    site.appointment_url = "https://exemple.fr/rdv"
    site.save_revision().publish()
    response = client.get(site.url)
    text = text_of(response.content.decode())
    assert "Permanence CEP le mardi" in text
    assert "Comme partout dans le réseau" not in text
    link = BeautifulSoup(response.content, "html.parser").find(
        "a", string="Prendre rendez-vous en ligne"
    )
    assert link["href"] == "https://exemple.fr/rdv"


def test_a_local_site_is_routed_from_the_cache_and_the_index_routes_still_win(client, structures):
    """The structures' index routes its own addresses ("Qui fait quoi"); the pages below it (each
    operator, each local site) are routed from the shared cache, with no query, as any page."""
    site = StructurePage.objects.get(slug="apec-lille")
    assert site.depth == structures.depth + 2
    client.get(site.url)
    with CaptureQueriesContext(connection) as routing:
        response = client.get(site.url)
    assert response.status_code == 200
    assert "Apec Lille" in text_of(response.content.decode())
    # Wagtail's own routing looks each level up by its slug.
    assert not [q for q in routing.captured_queries if '"wagtailcore_page"."slug" =' in q["sql"]]

    # A child whose slug is one of the index's routes: Wagtail serves the route, and so do we.
    apec = StructurePage.objects.get(slug="apec")
    apec.slug = "qui-fait-quoi"
    apec.save_revision().publish()
    soup = BeautifulSoup(client.get("/structures/qui-fait-quoi/").content, "html.parser")
    assert soup.h1.get_text() == "Qui fait quoi"
    # Its own pages are still found below it.
    assert client.get("/structures/qui-fait-quoi/apec-lille/").status_code == 200
    assert client.get("/structures/apec/apec-lille/").status_code == 404
