"""Chromium: a post citing a video at 2:15 shows a card whose player starts there, loaded only
on click (the local stand-in video host records every request)."""

import re

import pytest
from machina.core.db.models import get_model
from playwright.sync_api import expect

from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import topic_url
from tests.e2e.videos_servers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

Post = get_model("forum_conversation", "Post")


def test_a_video_cited_at_a_time_starts_there_after_the_click(
    page, make_video, video_host, make_topic, make_member
):
    video = make_video(title="Les trois temps du CEP", source_url=f"{video_host.url}/v/abc")
    author = make_member()
    topic = make_topic(author, subject="Présenter le CEP", content="Une question.")
    Post.objects.create(
        topic=topic, poster=author, content=f"Regardez [ce passage]({video.url}?t=135)."
    )
    seen = []
    page.on("request", lambda request: seen.append(request.url))

    page.goto(topic_url(topic))
    expect(page.get_by_role("link", name="Les trois temps du CEP — à 2:15")).to_be_visible()
    play = page.get_by_role("button", name=re.compile("Lire la vidéo « Les trois temps du CEP »"))
    expect(play).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert [url for url in seen if url.startswith(video_host.url)] == []
    assert video_host.requests == []

    play.click()
    player = page.frame_locator("iframe[title='Vidéo\u00a0: Les trois temps du CEP']")
    expect(player.get_by_text("Lecteur de test en cours de lecture")).to_be_visible()
    src = page.locator("iframe").get_attribute("src")
    assert "start=135" in src
    assert video_host.requests == ["/player/abc?start=135"]


def test_a_chapter_link_starts_the_video_page_player_there(page, make_video, video_host):
    video = make_video(
        title="La VAE en cinq minutes",
        source_url=f"{video_host.url}/v/abc",
        chapters=[{"type": "chapter", "value": {"start": "02:45", "title": "Le jury"}}],
    )
    page.goto(video.url)
    page.get_by_role("link", name=re.compile("Le jury")).click()
    expect(page.get_by_text("La vidéo commencera à 2:45.")).to_be_visible()
    assert video_host.requests == []
    page.get_by_role("button", name=re.compile("Lire la vidéo")).click()
    player = page.frame_locator("iframe[title='Vidéo\u00a0: La VAE en cinq minutes']")
    expect(player.get_by_text("Lecteur de test en cours de lecture")).to_be_visible()
    assert video_host.requests == ["/player/abc?start=165"]


def test_a_pasted_video_address_with_t_90_shows_a_card_at_1_30(
    page, make_video, video_host, make_topic, make_member
):
    """The address copied from the browser's bar, pasted as is: a link and a card at 1:30, and no
    request to the video host before the click."""
    from cms.public_urls import public_url

    video = make_video(title="Pro-A en deux minutes", source_url=f"{video_host.url}/v/abc")
    author = make_member()
    topic = make_topic(author, subject="Pro-A", content="Une question.")
    Post.objects.create(topic=topic, poster=author, content=f"Voir {public_url(video.url)}?t=90")
    seen = []
    page.on("request", lambda request: seen.append(request.url))

    page.goto(topic_url(topic))
    expect(page.get_by_role("link", name=f"{public_url(video.url)}?t=90")).to_be_visible()
    expect(page.get_by_role("link", name="Pro-A en deux minutes — à 1:30")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert [url for url in seen if url.startswith(video_host.url)] == []
    assert video_host.requests == []
    page.get_by_role("button", name=re.compile("Lire la vidéo « Pro-A en deux minutes »")).click()
    player = page.frame_locator("iframe[title='Vidéo\u00a0: Pro-A en deux minutes']")
    expect(player.get_by_text("Lecteur de test en cours de lecture")).to_be_visible()
    assert video_host.requests == ["/player/abc?start=90"]
