"""The new-topic form's fiche suggestions with the production caches on: each process keeps an
index of the fiches' titles under the public content's version number, so a fiche published or
unpublished is suggested, or not, from the next request on."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.cms.performance.page_cache_support import page_caches_on


@pytest.fixture(autouse=True)
def caches_on():
    with page_caches_on("comcep-test-similar-fiches"):
        yield


def fiches(client, rubric, subject):
    url = reverse("community:similar_questions", kwargs={"forum_pk": rubric.pk})
    html = client.get(url, {"sujet": subject}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".similar-question__link")]


@pytest.mark.django_db
def test_a_fiche_published_or_unpublished_shows_at_once(client, counsellor, rubric, make_offer):
    first = make_offer("Aide au permis de conduire")
    client.force_login(counsellor)
    question = "Financer le permis de conduire d’un jeune"
    assert fiches(client, rubric, question) == ["Aide au permis de conduire"]
    make_offer("Permis de conduire pour les jeunes")
    assert sorted(fiches(client, rubric, question)) == [
        "Aide au permis de conduire",
        "Permis de conduire pour les jeunes",
    ]
    first.unpublish()
    assert fiches(client, rubric, question) == ["Permis de conduire pour les jeunes"]
