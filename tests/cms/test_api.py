"""The public read API at /api/v2/: videos, offers and news for partners."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from cms.taxonomies.models import Scheme, Theme
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.cms.videos.videos_support import make_thumbnail


def titles(response):
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


# --- Videos -------------------------------------------------------------------------------------


def test_videos_are_filtered_by_theme_and_audience(client, make_video, themes, audiences):
    make_video(title="CPF", themes=[themes["financement"]], audiences=[audiences["salaries"]])
    make_video(
        title="PTP",
        themes=[themes["financement"], themes["reconversion"]],
        audiences=[audiences["cadres"]],
    )
    make_video(title="Outils", themes=[themes["outils-du-conseiller"]])

    assert sorted(titles(client.get("/api/v2/videos/?theme=financement"))) == ["CPF", "PTP"]
    assert titles(client.get("/api/v2/videos/?theme=reconversion")) == ["PTP"]
    assert titles(client.get("/api/v2/videos/?theme=financement&audience=salaries")) == ["CPF"]
    assert titles(client.get("/api/v2/videos/?theme=inconnue")) == []
    assert client.get("/api/v2/videos/?theme=financement").json()["meta"]["total_count"] == 2


def test_video_listing_has_the_expected_fields(client, make_video, themes, audiences):
    video = make_video(
        title="Mobiliser le CPF",
        themes=[themes["financement"]],
        audiences=[audiences["salaries"]],
        minutes=4,
        thumbnail=make_thumbnail(),
    )

    item = client.get("/api/v2/videos/").json()["items"][0]

    assert item["id"] == video.pk
    assert item["title"] == "Mobiliser le CPF"
    assert item["meta"]["type"] == "videos.VideoPage"
    assert item["meta"]["html_url"].endswith(f"/videos/{video.slug}/")
    assert item["description"] == video.description
    assert item["duration_seconds"] == 240
    assert item["themes"] == [{"slug": "financement", "name": "Financement"}]
    assert item["audiences"] == [{"slug": "salaries", "name": "Salariés"}]
    assert item["source_url"] == video.source_url
    assert item["embed_url"] == f"http://testserver/embed/videos/{video.pk}/"
    assert item["thumbnail"]["width"] == 480 and item["thumbnail"]["height"] == 270
    assert item["thumbnail"]["url"].endswith(".fill-480x270.png")


def test_video_detail_has_the_transcript_and_chapters(client, make_video):
    video = make_video(chapters=[("chapter", {"start": "01:10", "title": "Les droits"})])

    data = client.get(f"/api/v2/videos/{video.pk}/").json()

    assert "trois temps du conseil" in data["transcript"]
    assert data["chapters"][0]["value"] == {"start": "01:10", "title": "Les droits"}


def test_drafts_and_private_videos_are_never_returned(client, make_video, video_index):
    make_video(title="Publiée")
    draft = make_video(title="Brouillon", live=False)
    private = make_video(title="Réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    # A published video whose newer draft is not published yet: the API shows the live version.
    published = make_video(title="Version publiée")
    published.title = "Version en brouillon"
    published.save_revision()

    listing = titles(client.get("/api/v2/videos/"))

    assert sorted(listing) == ["Publiée", "Version publiée"]
    assert client.get(f"/api/v2/videos/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v2/videos/{private.pk}/").status_code == 404
    assert titles(client.get("/api/v2/videos/?search=Brouillon")) == []
    assert titles(client.get("/api/v2/videos/?fields=*&title=Brouillon")) == []
    # The endpoint only serves videos: no parameter reaches another page type.
    assert client.get("/api/v2/videos/?type=wagtailcore.Page").status_code == 400


def test_videos_are_paginated(client, make_video):
    for number in range(5):
        make_video(title=f"Capsule {number}")

    first = client.get("/api/v2/videos/?limit=2")
    rest = client.get("/api/v2/videos/?limit=2&offset=4")

    assert first.json()["meta"]["total_count"] == 5
    assert len(titles(first)) == 2
    assert len(titles(rest)) == 1
    assert client.get("/api/v2/videos/?limit=500").status_code == 400


def test_video_listing_query_count_does_not_grow(client, make_video, themes, audiences):
    def add(count):
        for _ in range(count):
            make_video(
                themes=[themes["financement"]],
                audiences=[audiences["salaries"]],
                thumbnail=make_thumbnail(),
            )

    def measure():
        client.get("/api/v2/videos/")  # renditions are created on the first read
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v2/videos/").status_code == 200
        return len(queries)

    add(2)
    small = measure()
    add(8)
    assert measure() == small


def test_api_answers_with_cors_free_json_and_frame_ancestors(client, make_video):
    make_video()
    response = client.get("/api/v2/videos/")
    assert response["Content-Type"] == "application/json"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


# --- Offers and news ----------------------------------------------------------------------------


def test_offers_are_filtered_by_reference_lists_and_kind(client, make_offer):
    cpf = make_offer(
        "Compte personnel de formation",
        kind="funding",
        funder="France compétences",
        audiences=["salaries"],
    )
    cpf.themes = [Theme.objects.get(slug="financement")]
    cpf.schemes = [Scheme.objects.get(slug="cpf")]
    cpf.save()
    make_offer("Atelier CV", audiences=["demandeurs-demploi"], regions=["bretagne"])
    make_offer("Brouillon d’offre", publish=False, audiences=["salaries"])

    assert titles(client.get("/api/v2/offers/?audience=salaries")) == [
        "Compte personnel de formation"
    ]
    assert titles(client.get("/api/v2/offers/?theme=financement")) == [
        "Compte personnel de formation"
    ]
    assert titles(client.get("/api/v2/offers/?scheme=cpf&kind=funding")) == [
        "Compte personnel de formation"
    ]
    assert titles(client.get("/api/v2/offers/?region=bretagne")) == ["Atelier CV"]
    item = client.get("/api/v2/offers/?audience=salaries").json()["items"][0]
    for field in (
        "kind",
        "summary",
        "audiences",
        "regions",
        "operators",
        "themes",
        "schemes",
        "is_national",
        "verified_on",
    ):
        assert field in item, field
    assert item["schemes"] == [{"slug": "cpf", "name": "CPF"}]
    assert "Brouillon d’offre" not in titles(client.get("/api/v2/offers/?limit=50"))


def test_news_are_filtered_by_theme_newest_first_and_drafts_hidden(client, make_news):
    older = make_news("Le CEP a dix ans", days_ago=10)
    older.themes = [Theme.objects.get(slug="outils-du-conseiller")]
    older.save_revision().publish()
    make_news("Nouveau plafond CPF", days_ago=1)
    draft = make_news("Actualité en préparation")
    draft.unpublish()

    assert titles(client.get("/api/v2/news/")) == ["Nouveau plafond CPF", "Le CEP a dix ans"]
    assert titles(client.get("/api/v2/news/?theme=outils-du-conseiller")) == ["Le CEP a dix ans"]
    item = client.get("/api/v2/news/").json()["items"][0]
    for field in ("date", "summary", "themes", "schemes"):
        assert field in item, field
    assert client.get(f"/api/v2/news/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("endpoint", ["videos", "offers", "news"])
def test_every_endpoint_answers(client, portal, endpoint):
    response = client.get(f"/api/v2/{endpoint}/")
    assert response.status_code == 200
    assert response.json() == {"meta": {"total_count": 0}, "items": []}
