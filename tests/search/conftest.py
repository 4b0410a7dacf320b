import pytest
from bs4 import BeautifulSoup

from tests.community.conftest import moderator, pilot_counsellor, pilot_rubric  # noqa: F401


def result_titles(response):
    """The titles of the results listed on /recherche/, in order."""
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("main .search-result__title a")]


@pytest.fixture
def search(client):
    def run(query_string, user=None):
        if user is not None:
            client.force_login(user)
        return result_titles(client.get(f"/recherche/?{query_string}"))

    return run
