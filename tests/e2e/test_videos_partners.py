"""Partner sites on other loopback origins frame the embed page: allowed ones only."""

import re

import pytest
from playwright.sync_api import expect

from cms.videos.models import Partner
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.e2e.videos_servers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def partner_page(embed_url):
    return (
        "<!DOCTYPE html><html lang='fr'><title>Intranet partenaire</title><body>"
        "<h1>Intranet partenaire</h1>"
        f"<iframe src='{embed_url}' width='640' height='424' title='Vidéo ComCep'></iframe>"
        "</body></html>"
    )


def test_an_allowed_partner_shows_the_player_and_others_are_refused(
    page, live_server, make_video, video_host, loopback_site
):
    video = make_video(title="Mobiliser le CPF", source_url=f"{video_host.url}/v/abc")
    embed_url = f"{live_server.url}/embed/videos/{video.pk}/"
    allowed = loopback_site({"/": partner_page(embed_url)})
    refused = loopback_site({"/": partner_page(embed_url)})
    Partner.objects.create(name="Intranet", origins=allowed.url, is_active=True)
    Partner.objects.create(
        name="Ancien partenaire",
        origins=refused.url.replace("127.0.0.1", "localhost"),
        is_active=False,
    )

    # Allowed origin: the embed page shows inside the partner's page, and plays.
    page.goto(f"{allowed.url}/")
    frame = page.frame_locator("iframe[title='Vidéo ComCep']")
    play = frame.get_by_role("button", name=re.compile("Lire la vidéo « Mobiliser le CPF »"))
    expect(play).to_be_visible()
    expect(frame.get_by_role("heading", level=1)).to_have_text("Mobiliser le CPF")
    play.click()
    expect(
        frame.frame_locator("iframe").get_by_text("Lecteur de test en cours de lecture")
    ).to_be_visible()

    # A non-listed origin: Chromium refuses to render the embed page in the frame.
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{refused.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Intranet partenaire")
    embedded = page.frames[1]
    expect(page.locator("iframe[title='Vidéo ComCep']")).to_be_attached()
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.includes('/embed/'))"
    )
    page.wait_for_load_state("load")
    assert embedded.url.startswith("chrome-error://"), embedded.url
    assert frame.get_by_role("button").count() == 0
    assert any("frame-ancestors" in message for message in messages), messages
