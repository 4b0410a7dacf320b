"""A first visit in Chromium: a way to join, a visible focus ring on the header, the catalogue on a
phone, the video player's label, and no cookie for an anonymous reader."""

import re

import pytest
from playwright.sync_api import expect

from cms.editorial import ensure_root_collection
from cms.standard.bootstrap import ensure_legal_pages
from cms.taxonomies.models import Theme
from cms.videos.demo import thumbnail
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import topic_url

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}


def rgb(css_colour):
    return [int(c) for c in re.findall(r"\d+", css_colour)[:3]]


def contrast(first, second):
    def luminance(channels):
        linear = [
            c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
            for c in (x / 255 for x in channels)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    darker, lighter = sorted((luminance(first), luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def test_anonymous_home_shows_how_to_join_with_a_visible_focus_ring(page, portal):
    page.goto("/")
    header = page.locator("header.site-header")
    join = header.get_by_role("link", name="Adhérer")
    expect(join).to_be_visible()
    expect(page.locator(".hero").get_by_role("link", name="Créer un compte")).to_be_visible()

    # Keyboard focus on the dark header: the ring contrasts at least 3:1 with the header.
    page.keyboard.press("Tab")
    for _ in range(20):
        if join.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    ring = join.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineColor]; }"
    )
    background = header.evaluate("el => getComputedStyle(el).backgroundColor")
    assert ring[0] != "none"
    assert contrast(rgb(ring[1]), rgb(background)) >= 3

    join.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejoindre la communauté")


def test_on_a_phone_the_catalogue_results_start_in_the_first_screen(
    browser, live_server, make_offer, tmp_path
):
    for title in ("Atelier CV lillois", "Compte personnel de formation", "Permanence CEP"):
        make_offer(title, is_national=True, audiences=["salaries"])
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    phone = context.new_page()
    phone.goto("/offres/")

    first_result = phone.locator(".cards .card-item").first
    expect(first_result).to_be_visible()
    phone.screenshot(path=tmp_path / "offres-375.png")
    assert first_result.bounding_box()["y"] < PHONE["height"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The filters are one tap away, and work as before.
    region = phone.get_by_label("Région")
    expect(region).to_be_hidden()
    phone.get_by_text("Filtres", exact=True).click()
    expect(region).to_be_visible()
    phone.get_by_label("Public").select_option(label="Salariés")
    phone.get_by_role("button", name="Appliquer les filtres").click()
    expect(phone.get_by_text("Filtres (1 actif)")).to_be_visible()

    # "Pour :" keeps its colon: a non-breaking space before it.
    label_suffix = phone.locator(".facts--inline dt").first.evaluate(
        "el => getComputedStyle(el, '::after').content"
    )
    assert label_suffix == '"\u00a0:"'
    context.close()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page, make_offer):
    make_offer("Atelier CV lillois", is_national=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/offres/")
    expect(page.get_by_label("Région")).to_be_visible()
    expect(page.get_by_text("Filtres", exact=True)).to_be_hidden()


def test_the_play_label_leaves_the_thumbnails_play_icon_clear(page, make_video):
    ensure_root_collection()  # a transactional test starts without Wagtail's root collection
    video = make_video(title="Les trois temps du CEP", thumbnail=thumbnail("Vignette", 1))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(video.url)
    label = page.locator(".video-player__label")
    expect(label).to_be_visible()
    poster = page.locator(".video-player__poster").bounding_box()
    box = label.bounding_box()
    # The demo thumbnails draw their play icon in the middle fifth of the picture.
    icon_top = poster["y"] + poster["height"] * 0.38
    icon_bottom = poster["y"] + poster["height"] * 0.62
    assert box["y"] >= icon_bottom or box["y"] + box["height"] <= icon_top


def test_an_anonymous_reader_gets_no_cookie_on_ten_public_pages(
    page, portal, make_offer, make_news, make_topic, make_member, make_video
):
    ensure_legal_pages(portal)
    author = make_member()
    offer = make_offer("Compte personnel de formation", is_national=True)
    news = make_news("Le CEP a dix ans")
    topic = make_topic(author)
    theme = Theme.objects.order_by("pk").first()
    topic.themes.set([theme])
    video = make_video(title="Les trois temps du CEP")
    urls = [
        "/",
        "/offres/",
        offer.url,
        "/actualites/",
        news.url,
        "/videos/",
        video.url,
        "/donnees-personnelles/",
        "/plan-du-site/",
        "/forum/",
        "/forum/sujets/",
        f"/forum/thematiques/{theme.slug}/",
        topic_url(topic),
    ]
    for url in urls:
        response = page.goto(url)
        assert response.status == 200, url
        assert "set-cookie" not in response.all_headers(), url
    assert page.context.cookies() == []
