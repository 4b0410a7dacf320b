from bs4 import BeautifulSoup
from django.db import connection
from wagtail.search.backends import get_search_backend


def test_the_search_page_is_french_accessible_and_in_every_header(client, portal):
    response = client.get("/recherche/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert len(soup.select("h1")) == 1
    header_form = soup.select_one("header form[role=search]")
    assert header_form["action"] == "/recherche/"
    field = header_form.select_one("input[type=search][name=q]")
    label = header_form.select_one(f"label[for={field['id']}]")
    assert label.get_text(strip=True) == "Rechercher sur le site"
    main_field = soup.select_one("main input[type=search][name=q]")
    assert soup.select_one(f"main label[for={main_field['id']}]") is not None
    # The header field is on the other pages too.
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert home.select_one("header form[role=search] input[name=q]") is not None


def test_accents_and_case_are_ignored(search, make_offer):
    make_offer("Accompagner les créateurs d’entreprise")
    make_offer("Bilan de compétences")
    for query in ("createurs", "Créateurs", "CRÉATEURS", "CREATEURS"):
        assert search(f"q={query}") == ["Accompagner les créateurs d’entreprise"], query
    assert search("q=competences") == ["Bilan de compétences"]


def test_french_stemming_on_postgresql_and_on_sqlite(search, make_offer):
    make_offer("Financer les formations des salariés")
    if connection.vendor == "postgresql":
        assert get_search_backend().config == "comcep_french"
    else:
        # The index keeps stemmed words (search/fts5.py): the embedded database as production.
        assert type(get_search_backend()).__name__ == "SafeSQLiteSearchBackend"
    for query in ("formation", "formations", "FORMATION salarie", "salariés"):
        assert search(f"q={query}") == ["Financer les formations des salariés"], query
