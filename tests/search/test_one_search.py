from bs4 import BeautifulSoup


def catalogue_titles(client, query_string):
    soup = BeautifulSoup(client.get(f"/offres/?{query_string}").content, "html.parser")
    return sorted(a.get_text(strip=True) for a in soup.select(".card-item__title a"))


def api_titles(client, query_string):
    response = client.get(f"/api/v2/offers/?{query_string}")
    assert response.status_code == 200
    return sorted(item["title"] for item in response.json()["items"])


def test_catalogue_api_and_site_search_agree(client, search, make_offer, make_news):
    make_offer("Accompagner les créateurs d’entreprise")
    make_offer("Prêt d’honneur", summary="Un prêt sans intérêt pour les Créateurs.")
    make_offer("Bilan de compétences")
    make_offer("Créateurs en brouillon", publish=False)
    make_news("Les créateurs à l’honneur")
    expected = ["Accompagner les créateurs d’entreprise", "Prêt d’honneur"]
    for query in ("createurs", "CRÉATEURS"):
        assert catalogue_titles(client, f"q={query}") == expected
        assert api_titles(client, f"search={query}") == expected
        assert sorted(search(f"q={query}&type=offre")) == expected
