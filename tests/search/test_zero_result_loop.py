from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cms.editorial import ensure_editorial_workflow
from search.models import SearchQuery
from tests.factories import MemberFactory


def test_every_search_is_counted_and_zero_results_reach_the_editors_report(
    client, portal, make_offer
):
    make_offer("Compte personnel de formation")
    # "CPF" finds the fiche by its expansion (search/synonyms.py).
    for query in ("Pôle  emploi", "pole EMPLOI", "CPF", "introuvable", "formation"):
        client.get(f"/recherche/?q={query}")
    client.get("/recherche/?q=introuvable&page=2")  # another page of the same search: not counted
    counted = {row.query: (row.searches, row.results) for row in SearchQuery.objects.all()}
    assert counted == {
        "pole emploi": (2, 0),
        "cpf": (1, 1),
        "introuvable": (1, 0),
        "formation": (1, 1),
    }

    ensure_editorial_workflow([portal])
    editor = MemberFactory(username="elise", editor=True)
    client.force_login(editor)
    response = client.get(reverse("zero_result_searches") + "?days=7")
    assert response.status_code == 200
    rows = [
        [cell.get_text(strip=True) for cell in row.select("td")][:2]
        for row in BeautifulSoup(response.content, "html.parser").select("table tbody tr")
    ]
    assert rows == [["pole emploi", "2"], ["introuvable", "1"]]
    assert client.get(reverse("zero_result_searches") + "?days=<b>").status_code == 200


def test_the_report_is_for_editors_only(client, portal):
    ensure_editorial_workflow([portal])
    writer = MemberFactory(username="walid", role_groups=("Rédacteurs",), is_staff=True)
    client.force_login(writer)
    response = client.get(reverse("zero_result_searches"))
    # Wagtail's admin answers a refused view by a redirect to its dashboard.
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_promoted_results_come_first_whatever_the_case(client, make_offer):
    fiche = make_offer("Fiche CPF", summary="Tout sur le compte.")
    make_offer("Compte personnel de formation", summary="Le CPF finance des formations.")
    SearchPromotion.objects.create(query=Query.get("CPF"), page=fiche, description="La fiche")
    soup = BeautifulSoup(client.get("/recherche/?q=cpf").content, "html.parser")
    promoted = soup.select_one("main .search-promoted")
    assert promoted.select_one("h2").get_text(strip=True) == "Recommandé par la rédaction"
    assert promoted.select_one("a").get_text(strip=True) == "Fiche CPF"
    fiche.unpublish()
    soup = BeautifulSoup(client.get("/recherche/?q=cpf").content, "html.parser")
    assert soup.select_one("main .search-promoted") is None
