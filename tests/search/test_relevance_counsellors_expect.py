"""Relevance counsellors expect: their acronyms and synonyms, fiches before chatter, no dead end,
plurals on the embedded database as on PostgreSQL, and every search without results counted."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.editorial import ensure_editorial_workflow
from search.models import SearchQuery, SearchSynonym
from search.synonyms import expand_query, stem
from tests.cms.performance.page_cache_support import page_cache_settings
from tests.factories import MemberFactory
from tests.search.test_one_search import api_titles, catalogue_titles


def soup_of(client, query_string):
    response = client.get(f"/recherche/?{query_string}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def fallback_notice(soup):
    notice = soup.select_one("main .search-fallback")
    return " ".join(notice.get_text(" ", strip=True).split()) if notice else ""


# The synonyms list.


def test_expand_query_gives_each_words_variants_from_the_seeded_list(db):
    assert expand_query("Mon employeur peut-il compléter mon CPF ?") == [
        {"employeur"},
        {"completer"},
        {"cpf", "compte personnel formation", "compte formation", "moncompteformation"},
    ]
    # An expansion found in the query stands for its acronym, word by word.
    assert all(
        "ptp" in variants for variants in expand_query("projet de transition professionnelle")
    )
    assert {"creation", "creer", "createur"} <= expand_query("Créateurs")[0]
    assert expand_query("CléA")[0] >= {"clea", "certificat clea"}
    assert expand_query("le la de") == []
    assert stem("formations") == stem("formation")


def test_acronyms_find_the_fiche_they_name_and_back(search, make_offer):
    make_offer("Projet de transition professionnelle", summary="Se former en restant salarié.")
    make_offer("Compte personnel de formation", summary="Des droits à la formation.")
    make_offer("Abondement régional du CPF", summary="La région complète.")
    assert search("q=ptp&type=offre") == ["Projet de transition professionnelle"]
    assert search("q=PTP") == ["Projet de transition professionnelle"]
    assert set(search("q=cpf&type=offre")) == {
        "Compte personnel de formation",
        "Abondement régional du CPF",
    }
    assert "Abondement régional du CPF" in search("q=compte+personnel+de+formation")


def test_the_catalogue_filter_and_the_api_know_the_synonyms(client, make_offer):
    make_offer("Projet de transition professionnelle")
    make_offer("Contrat d’engagement jeune")
    assert catalogue_titles(client, "q=PTP") == ["Projet de transition professionnelle"]
    assert api_titles(client, "search=ptp") == ["Projet de transition professionnelle"]
    assert api_titles(client, "search=cej") == ["Contrat d’engagement jeune"]


def test_an_editor_adds_a_synonym_and_the_next_search_uses_it(client, portal, make_offer):
    with page_cache_settings("comcep-test-synonyms"):
        for alias in ("default", "pages"):
            caches[alias].clear()
        make_offer("Préparation opérationnelle à l’emploi", summary="Avant l’embauche.")
        assert catalogue_titles(client, "q=epa") == []
        assert expand_query("epa") == [{"epa"}]
        ensure_editorial_workflow([portal])
        editor = MemberFactory(username="elise", editor=True)
        editor_client = type(client)()
        editor_client.force_login(editor)
        add_url = reverse("wagtailsnippets_site_search_searchsynonym:add")
        form = editor_client.get(add_url)
        assert form.status_code == 200
        page = BeautifulSoup(form.content, "html.parser")
        # The admin speaks French.
        assert page.select_one("label[for=id_term]").get_text(strip=True).startswith("Terme")
        response = editor_client.post(
            add_url, {"term": "EPA", "equivalents": "préparation opérationnelle"}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        assert SearchSynonym.objects.filter(term="EPA").exists()
        # Read from the shared cache, invalidated by the save.
        assert "preparation operationnelle" in expand_query("epa")[0]
        assert catalogue_titles(client, "q=EPA") == ["Préparation opérationnelle à l’emploi"]
        SearchSynonym.objects.filter(term="EPA").get().delete()
        assert expand_query("epa") == [{"epa"}]


# Plurals, singulars and accents, on every database.


def test_plurals_singulars_and_missing_accents_match(search, make_offer):
    make_offer("Électricien du bâtiment", summary="Installer des réseaux.")
    make_offer("Aide-soignant : formation passerelle", summary="Pour les auxiliaires.")
    make_offer("Information collective sur le bilan de compétences", summary="Chaque mois.")
    assert search("q=electriciens") == ["Électricien du bâtiment"]
    assert search("q=formations+passerelles") == ["Aide-soignant : formation passerelle"]
    assert search("q=bilan+de+competence") == ["Information collective sur le bilan de compétences"]


# Fiches before chatter.


def test_fiches_come_before_discussions_and_a_few_words_never_first(
    client, search, make_offer, make_topic, make_member
):
    sophie, julien = make_member(), make_member("julien", "Julien L. (Apec)")
    make_topic(
        sophie,
        subject="VAE",
        content="VAE : par où commencer avec la VAE ?",
        with_validated_answer="Pour une VAE, commencer par France VAE : le point relais conseil "
        "oriente vers le bon certificateur et le financement.",
        with_validated_answer__poster=julien,
    )
    make_topic(
        julien,
        subject="Merci pour la VAE",
        content="Merci, VAE notée !",
        with_replies=["+1 VAE"],
        with_replies__poster=sophie,
    )
    make_offer("Point relais conseil VAE", summary="Un conseil sur la démarche de VAE.")
    titles = search("q=VAE")
    assert titles[0] == "Point relais conseil VAE"
    assert titles.index("VAE") < titles.index("Merci pour la VAE")
    soup = soup_of(client, "q=VAE&type=discussion")
    # The resolved discussion is shown by its validated answer.
    first = soup.select_one("main .search-result")
    assert "France VAE" in first.get_text()
    # A reply of a few words does not stand for its discussion.
    assert "+1" not in soup.select_one("main .search-results").get_text()


# No dead end.


def test_part_of_the_words_when_all_of_them_find_nothing(client, make_offer):
    make_offer("Contrat d’engagement jeune", summary="Pour les jeunes sans emploi.")
    soup = soup_of(client, "q=jeune+introuvabilite")
    assert [a.get_text(strip=True) for a in soup.select("main .search-result__title a")] == [
        "Contrat d’engagement jeune"
    ]
    assert fallback_notice(soup) == (
        "Aucun résultat avec tous les mots ; résultats pour une partie d’entre eux."
    )
    # Counted as a search without results for the editors.
    assert SearchQuery.objects.get(query="jeune introuvabilite").results == 0


def test_a_misspelt_word_is_corrected_from_the_sites_words(client, make_offer):
    make_offer("Aide-soignant : formation passerelle", summary="Pour les auxiliaires.")
    soup = soup_of(client, "q=formaton+passerelle")
    assert [a.get_text(strip=True) for a in soup.select("main .search-result__title a")] == [
        "Aide-soignant : formation passerelle"
    ]
    assert "« formation passerelle »" in fallback_notice(soup) or (
        "“formation passerelle”" in fallback_notice(soup)
    )
    # A word found nowhere, with a close known word, and nothing else: a proposal.
    soup = soup_of(client, "q=formaton+zzzz")
    assert fallback_notice(soup) == "Vouliez-vous dire : formation zzzz ?"
    link = soup.select_one("main .search-fallback a")
    assert link["href"] == "?q=formation+zzzz"
    # Nothing close: no proposal, the empty state.
    soup = soup_of(client, "q=qwxyzzz")
    assert fallback_notice(soup) == ""
    assert soup.select_one("main .empty-state") is not None


# Searches without results, from everywhere.


def test_zero_result_searches_are_counted_from_the_catalogue_and_the_api(client, make_offer):
    make_offer("Compte personnel de formation")
    catalogue_titles(client, "q=Introuvable+Catalogue")
    catalogue_titles(client, "q=cpf")
    api_titles(client, "search=Introuvable%20API")
    api_titles(client, "search=introuvable+api&offset=0")
    api_titles(client, "search=introuvable+api&offset=20")  # a further page: not counted
    counted = {row.query: (row.searches, row.results) for row in SearchQuery.objects.all()}
    assert counted == {
        "introuvable catalogue": (1, 0),
        "cpf": (1, 1),
        "introuvable api": (2, 0),
    }


def test_the_reports_promote_link_opens_with_the_query_filled_in(client, portal):
    SearchQuery.objects.record("bilan senior", 0)
    ensure_editorial_workflow([portal])
    client.force_login(MemberFactory(username="elise", editor=True))
    soup = BeautifulSoup(client.get(reverse("zero_result_searches")).content, "html.parser")
    link = soup.select_one("table tbody tr a")
    assert link.get_text(strip=True) == "Ajouter un résultat recommandé"
    response = client.get(link["href"])
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser")
    assert form.select_one("input[name=query_string]")["value"] == "bilan senior"
    # The form is sent to Wagtail's own address.
    assert form.select_one("form[method=post]")["action"] == reverse("wagtailsearchpromotions:add")


def test_the_promote_form_is_for_editors_only(client, portal):
    ensure_editorial_workflow([portal])
    client.force_login(MemberFactory(username="walid", role_groups=("Rédacteurs",), is_staff=True))
    response = client.get(reverse("zero_result_promote") + "?q=x")
    assert response.status_code == 302
    assert SearchQuery.objects.count() == 0


@pytest.mark.parametrize("query", ["cpf formation", "vae", "introuvable mot", "formaton"])
def test_search_queries_stay_the_same_with_more_data(client, make_offer, query):
    def measure():
        # The shared values read once (site, synonyms, the site's words) by the same search at
        # another address.
        client.get(f"/recherche/?q={query}&sort=relevance")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/recherche/?q={query}").status_code == 200
        return len(queries)

    for index in range(3):
        make_offer(f"Offre de formation {index}", summary="CPF et VAE.")
    small = measure()
    for index in range(3, 30):
        make_offer(f"Offre de formation {index}", summary="CPF et VAE.")
    assert measure() == small
