"""When more pages or messages match than the search ranks, the page says its counts are lower
bounds, and the best match by subject is still ranked first."""

from bs4 import BeautifulSoup

from search import engine


def results(client, query_string):
    soup = BeautifulSoup(client.get(f"/recherche/?{query_string}").content, "html.parser")
    titles = [a.get_text(strip=True) for a in soup.select("main .search-result__title a")]
    return soup, titles


def facet_label(soup, name):
    return soup.select_one(f"main input[name=type][value={name}]").parent.get_text(" ", strip=True)


def test_counts_beyond_the_ranked_matches_are_shown_as_lower_bounds(
    client, make_topic, counsellor, monkeypatch
):
    monkeypatch.setattr(engine, "SEARCH_LIMIT", 3)
    make_topic(counsellor, subject="Portefeuille de compétences", content="Premier échange")
    for number in range(4):
        make_topic(counsellor, subject=f"Question {number}", content="Mon portefeuille à jour")

    soup, titles = results(client, "q=portefeuille")

    # The oldest discussion is the only one whose subject matches: it is ranked, and first.
    assert titles[0] == "Portefeuille de compétences"
    assert len(titles) == 3
    heading = soup.select_one("main #results-title").get_text(strip=True)
    assert heading == "Au moins 3 résultats pour « portefeuille »"
    notice = soup.select_one("main .search-capped").get_text(" ", strip=True)
    assert notice.startswith("Plus de 3 pages ou messages contiennent ces mots")
    assert "Ajoutez un mot ou choisissez un type" in notice
    assert facet_label(soup, "discussion") == "Discussion (3 + ou plus )"


def test_exact_counts_say_nothing_more(client, make_topic, counsellor, monkeypatch):
    monkeypatch.setattr(engine, "SEARCH_LIMIT", 3)
    for number in range(3):
        make_topic(counsellor, subject=f"Question {number}", content="Mon portefeuille à jour")

    soup, titles = results(client, "q=portefeuille")

    assert len(titles) == 3
    assert soup.select_one("main #results-title").get_text(strip=True) == (
        "3 résultats pour « portefeuille »"
    )
    assert soup.select_one("main .search-capped") is None
    assert facet_label(soup, "discussion") == "Discussion (3)"


def test_a_type_asked_for_is_ranked_on_its_own(client, make_offer, make_news, monkeypatch):
    monkeypatch.setattr(engine, "SEARCH_LIMIT", 3)
    make_news("Le portefeuille en bref")
    for number in range(4):
        make_offer(f"Portefeuille {number}", summary="Portefeuille de compétences")

    soup, titles = results(client, "q=portefeuille&type=actualite")

    # Four newer offers match too: they do not take the ranked places of the news asked for.
    assert titles == ["Le portefeuille en bref"]
    assert soup.select_one("main #results-title").get_text(strip=True) == (
        "1 résultat pour « portefeuille »"
    )
