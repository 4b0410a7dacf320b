"""Lists serve their first COMCEP_MAX_PAGES pages, say so, and never read deeper into a table."""

from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from machina.conf import settings as machina_settings

from cms.offers.models import OFFERS_PER_PAGE
from tests.community.helpers import rubric_url
from tests.conftest import text_of

LIMIT = "Seule la première page est affichée : affinez les filtres pour trouver la suite."


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".card-item__title a")]


def test_the_catalogue_stops_at_the_last_page_served(client, make_offer, settings):
    settings.COMCEP_MAX_PAGES = 1
    for index in range(OFFERS_PER_PAGE + 1):
        make_offer(f"Offre {index:02d}", is_national=True)
    first = client.get("/offres/?sort=title")
    text = text_of(first.content.decode())
    assert f"{OFFERS_PER_PAGE + 1} offres trouvées" in text  # the real count
    assert LIMIT in text
    assert "Page suivante" not in text
    # A deeper page number gets the last page served.
    assert titles(client.get("/offres/?sort=title&page=2")) == titles(first)

    settings.COMCEP_MAX_PAGES = 2
    cache.clear()  # the listing fragment is kept per version of content, not of settings
    text = text_of(client.get("/offres/?sort=title").content.decode())
    assert LIMIT not in text and "Page suivante" in text


def test_forum_lists_stop_at_the_last_page_served(client, rubric, counsellor, make_topic, settings):
    settings.COMCEP_MAX_PAGES = 1
    per_page = machina_settings.FORUM_TOPICS_NUMBER_PER_PAGE
    for index in range(per_page + 1):
        make_topic(counsellor, subject=f"Sujet {index}")
    client.force_login(counsellor)
    for url in (rubric_url(rubric), reverse("community:topic_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert LIMIT in text_of(response.content.decode())
        assert client.get(f"{url}?page=2").status_code == 404
