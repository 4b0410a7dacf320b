import io

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.structures import demo
from cms.structures.models import StructurePage
from tests.conftest import text_of


@pytest.fixture
def structures(portal, reference_lists):
    return demo.load(portal, io.StringIO())


def test_structures_index_lists_operators_and_local_sites(client, structures):
    response = client.get("/structures/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    operators = [a.get_text(strip=True) for a in soup.select(".card-item__title a")]
    assert operators == [
        "France Travail",
        "Apec",
        "Missions locales",
        "Cap emploi",
        "Opérateurs régionaux pour les actifs occupés",
    ]
    assert "Mission locale du bassin rennais" in text_of(response.content.decode())


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
