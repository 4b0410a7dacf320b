"""Any text typed in a search field is searched, never a 500: the full-text query is built safely
from it on SQLite (FTS5) and PostgreSQL (tsquery), on /recherche/, the catalogue's keyword
filter, the read API's ``?search=`` and Wagtail's admin search."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from wagtail.search.backends import get_search_backend

from cms.offers.models import OfferPage
from search.fts5_text import fts5_string, query_words

# 65 strings that are syntax to FTS5, to PostgreSQL's tsquery or to SQL (no NUL character: the
# site answers 400 to it before any view, tests/cms/test_crafted_input.py).
HOSTILE_QUERIES = [
    '"',
    '""',
    '"""',
    'a"b',
    '"bilan',
    'bilan"',
    '"bilan de',
    'bilan "de compétences',
    '"; DROP TABLE wagtailcore_page; --',
    "' OR 1=1 --",
    "'",
    "''",
    "l'emploi",
    "\\",
    '\\"',
    "*",
    "**",
    "bil*",
    "*bilan",
    "NEAR(",
    "NEAR(bilan compétences)",
    "NEAR(bilan, 2)",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "bilan AND",
    "NOT bilan",
    "bilan NOT compétences",
    "^",
    "^bilan",
    "-",
    "-bilan",
    "bilan -compétences",
    "--",
    ":",
    "title:bilan",
    "title : bilan",
    "{title body}: bilan",
    "{",
    "}",
    "(",
    ")",
    "()",
    "(bilan OR vae)",
    "+",
    "+bilan",
    "%",
    "%s",
    "%(name)s",
    "_",
    "&",
    "|",
    "!",
    "!bilan",
    "<->",
    "bilan <-> compétences",
    "bilan:*",
    "'bilan':*A",
    "a:A",
    "$$",
    "é😀",
    "\u202ebilan",
    "x" + '"' * 9,
    "bilan " * 40,
]
assert len(HOSTILE_QUERIES) == len(set(HOSTILE_QUERIES)) == 65


@pytest.fixture
def searchable(make_offer, make_topic, counsellor):
    make_offer("Atelier tremplin numérique")
    make_topic(counsellor, subject="Un atelier tremplin ?", content="Qui connaît cet atelier ?")


@pytest.mark.parametrize("path", ["/recherche/", "/offres/", "/api/v2/offers/"])
def test_no_hostile_query_breaks_a_search(searchable, path):
    client = Client(raise_request_exception=False)
    parameter = "search" if path.startswith("/api/") else "q"
    answers = {
        query: client.get(f"{path}?{urlencode({parameter: query})}").status_code
        for query in HOSTILE_QUERIES
    }
    assert {query: status for query, status in answers.items() if status != 200} == {}


@pytest.mark.parametrize(
    "query",
    ['"tremplin', 'tremplin"', "tremplin*", "tremplin -", "^tremplin", "(tremplin)", "tremplin:"],
)
def test_the_words_around_the_syntax_are_still_searched(client, searchable, query):
    response = client.get(f"/offres/?{urlencode({'q': query})}")
    assert response.status_code == 200
    assert "Atelier tremplin numérique" in response.content.decode()


def test_a_query_of_punctuation_alone_finds_nothing(client, searchable):
    response = client.get(f"/offres/?{urlencode({'q': '* - ^'})}")
    assert response.status_code == 200
    assert "Atelier tremplin numérique" not in response.content.decode()


def test_the_backend_searches_every_hostile_string(searchable):
    """Wagtail's admin searches and choosers (search and autocomplete) use the same backend."""
    backend = get_search_backend()
    for query in HOSTILE_QUERIES:
        list(backend.search(query, OfferPage))
        list(backend.autocomplete(query, OfferPage))
    found = backend.search('tremplin"', OfferPage)
    assert [page.title for page in found] == ["Atelier tremplin numérique"]


def test_fts5_strings_double_their_quotes():
    """SQLite's query builder (pure functions, checked on every database)."""
    assert fts5_string('a"b') == '"a""b"'
    assert fts5_string("l'emploi") == '"l\'emploi"'
    assert query_words('bilan * "de -- ^compétences') == ["bilan", '"de', "^compétences"]
