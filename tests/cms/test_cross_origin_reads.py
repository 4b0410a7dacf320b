"""A partner's page reads the public API and oEmbed from the browser: any origin, read-only, no
credentials. Nothing else on the site answers cross-origin requests."""

import pytest

from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)

PARTNER = "https://intranet.operateur.example"


@pytest.fixture
def video(make_video):
    return make_video(title="Le bilan de compétences")


def public_reads(video):
    return [
        "/api/v2/videos/",
        f"/api/v2/videos/{video.pk}/",
        "/api/v2/offers/",
        "/api/v2/news/",
        f"/oembed/?url=http%3A%2F%2Ftestserver{video.url}&format=json",
    ]


def test_the_public_api_and_oembed_answer_any_origin_without_credentials(client, video):
    for url in public_reads(video):
        response = client.get(url, headers={"Origin": PARTNER})
        assert response.status_code == 200, url
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert "Access-Control-Allow-Credentials" not in response, url
        assert not response.cookies, url


def test_preflight_allows_reading_only(client, video):
    url = "/api/v2/videos/"
    read = client.options(url, headers={"Origin": PARTNER, "Access-Control-Request-Method": "GET"})
    assert read.status_code == 200
    assert read["Access-Control-Allow-Origin"] == "*"
    allowed = {method.strip() for method in read["Access-Control-Allow-Methods"].split(",")}
    assert allowed == {"GET", "HEAD", "OPTIONS"}

    # A write is not allowed cross-origin (and the API has none anyway).
    assert client.post(url, headers={"Origin": PARTNER}).status_code == 405


def test_the_rest_of_the_site_stays_same_origin(client, video, counsellor):
    client.force_login(counsellor)
    for url in ("/", video.url, "/comptes/connexion/", "/forum/", "/admin/"):
        response = client.get(url, headers={"Origin": PARTNER})
        assert "Access-Control-Allow-Origin" not in response, url
    preflight = client.options(
        "/comptes/connexion/",
        headers={"Origin": PARTNER, "Access-Control-Request-Method": "POST"},
    )
    assert "Access-Control-Allow-Origin" not in preflight
