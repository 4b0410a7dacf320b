"""The privacy-first player in Chromium: nothing reaches the video host before play."""

import re

import pytest
from playwright.sync_api import expect

from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.e2e.videos_servers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def watch_requests(page, host):
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return lambda: [url for url in seen if url.startswith(host.url)]


def test_no_request_reaches_the_video_host_before_play(page, make_video, video_host):
    video = make_video(title="Les trois temps du CEP", source_url=f"{video_host.url}/v/abc")
    requests_to_host = watch_requests(page, video_host)

    page.goto(video.url)
    play = page.get_by_role("button", name=re.compile("Lire la vidéo « Les trois temps du CEP »"))
    expect(play).to_be_visible()
    expect(page.get_by_text("Le lecteur n’est chargé depuis l’hébergeur de test")).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert requests_to_host() == []
    assert video_host.requests == []
    assert page.locator("iframe").count() == 0

    # The transcript is one click away.
    page.get_by_role("link", name="Lire la transcription").click()
    expect(page.locator("#transcription")).to_be_in_viewport()
    assert video_host.requests == []

    play.click()
    player = page.frame_locator("iframe[title='Vidéo\u00a0: Les trois temps du CEP']")
    expect(player.get_by_text("Lecteur de test en cours de lecture")).to_be_visible()
    assert video_host.requests == ["/player/abc"]
    assert requests_to_host() == [f"{video_host.url}/player/abc"]


def test_the_embed_page_also_waits_for_play(page, make_video, video_host):
    video = make_video(title="La VAE en cinq minutes", source_url=f"{video_host.url}/v/abc")
    requests_to_host = watch_requests(page, video_host)

    page.goto(f"/embed/videos/{video.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("La VAE en cinq minutes")
    page.wait_for_load_state("networkidle")
    assert requests_to_host() == []

    page.get_by_role("button", name=re.compile("Lire la vidéo")).click()
    player = page.frame_locator("iframe[title='Vidéo\u00a0: La VAE en cinq minutes']")
    expect(player.get_by_text("Lecteur de test en cours de lecture")).to_be_visible()
    assert video_host.requests == ["/player/abc"]
