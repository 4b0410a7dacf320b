"""Crafted input answers 400 or 404 (never 500); anonymous readers cost no session row; editors
preview news pages."""

import io
import itertools

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.api import api_router
from cms.structures import demo as structures_demo
from tests.cms.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import rubric_url, topic_url
from tests.conftest import PASSWORD, text_of

# Every filter of every read API endpoint, and the search parameter.
API_FILTERS = [
    (name, parameter)
    for name, endpoint in api_router._endpoints.items()
    for parameter in [*endpoint.reference_filters, "search"]
]
assert len(API_FILTERS) >= 12, API_FILTERS  # videos 2, offers 5, news 2, plus search on each

CRAFTED_URLS = [
    "/forum/member/profile/x/",
    "/forum/member/profile/%00/",
    "/forum/member/profile/1%00/",
    "/forum/member/profile/99999999999999999999999/",
    "/%00/",
    "/actualites/%00/",
    "/offres/?q=%00",
    "/api/v2/news/find/?html_path=%00",
    "/api/v2/news/find/?html_path=/actualites/%00/",
    "/oembed/?url=http://testserver/videos/%00/",
    "/oembed/?url=%00",
    "/oembed/?url=http://[::1/",
    "/oembed/?url=http://testserver:99999/videos/",
    "/embed/videos/99999999999999999999999/",
    "/api/v2/news/99999999999999999999999/",
    "/api/v2/news/find/?id=x",
    "/api/v2/news/find/?id=99999999999999999999999",
    "/forum/member/profile/x/posts/",
    *[f"/api/v2/{name}/?{parameter}=%00" for name, parameter in API_FILTERS],
]


@pytest.fixture
def site_content(portal, make_offer, make_news, make_video, counsellor, make_topic):
    """One page of each public kind, and a topic in a public rubric."""
    structures_demo.load(portal, io.StringIO())
    offer = make_offer("Bilan de compétences")
    news = make_news("Le CEP a dix ans")
    video = make_video()
    topic = make_topic(counsellor)
    return {"offer": offer, "news": news, "video": video, "topic": topic}


def test_crafted_urls_answer_400_or_404(client, site_content, counsellor):
    """Every crafted address, against one site's content (built once: it is the costly part)."""
    answers = {url: client.get(url).status_code for url in CRAFTED_URLS}
    client.force_login(counsellor)
    for url in ("/forum/member/profile/x/", "/api/v2/news/?theme=%00"):
        answers[f"{url} (member)"] = client.get(url).status_code
    wrong = {url: status for url, status in answers.items() if status not in {400, 404}}
    assert not wrong, wrong
    assert len(answers) == len(CRAFTED_URLS) + 2


def test_an_ordinary_api_filter_still_works(client, site_content):
    response = client.get("/api/v2/news/?search=dix")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Le CEP a dix ans"]
    assert client.get("/api/v2/offers/?region=bretagne").status_code == 200


def public_urls(content):
    topic = content["topic"]
    return [
        "/",
        "/offres/",
        content["offer"].url,
        "/actualites/",
        content["news"].url,
        "/videos/",
        content["video"].url,
        "/forum/",
        rubric_url(topic.forum),
        topic_url(topic),
        "/structures/",
    ]


def test_anonymous_readers_write_no_session_row_and_get_no_session_cookie(client, site_content):
    urls = public_urls(site_content)
    assert Session.objects.count() == 0
    for url in itertools.islice(itertools.cycle(urls), 40):
        client.cookies.clear()  # every reader arrives without cookie
        response = client.get(url)
        assert response.status_code == 200, url
        assert "sessionid" not in response.cookies, url
    assert Session.objects.count() == 0


def test_a_member_signing_in_still_gets_a_session(client, site_content, counsellor):
    response = client.post(
        reverse("accounts:login"), {"username": counsellor.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "sessionid" in response.cookies
    assert Session.objects.count() == 1


def test_editors_preview_a_news_page_with_its_related_offers(
    client, site_content, django_user_model
):
    """Wagtail builds the previewed page from the form: many-to-many fields are FakeQuerySets."""
    editor = django_user_model.objects.create_superuser(
        username="redaction", email="redaction@comcep.example", password="x", display_name="Réd."
    )
    client.force_login(editor)
    news, offer = site_content["news"], site_content["offer"]
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[news.pk])
    data = nested_form_data(
        {
            "title": "Le CEP a dix ans (aperçu)",
            "slug": news.slug,
            "date": news.date.isoformat(),
            "summary": news.summary,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data["related_offers"] = [str(offer.pk)]

    answer = client.post(preview_url, data)
    assert answer.json() == {"is_valid": True, "is_available": True}
    response = client.get(preview_url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Le CEP a dix ans (aperçu)"
    assert [a.get_text(strip=True) for a in soup.select("#related-offers ~ ul a")] == [
        "Bilan de compétences"
    ]


def test_a_nul_character_gets_the_french_400_page_with_the_security_headers(client, portal):
    response = client.get("/actualites/?theme=%00")
    assert response.status_code == 400
    assert "Adresse invalide" in text_of(response.content.decode())
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "sessionid" not in response.cookies
