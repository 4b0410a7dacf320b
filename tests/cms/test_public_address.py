"""Every absolute address the portal gives out starts with WAGTAILADMIN_BASE_URL, never with the
host a request came in on (the test client's ``testserver``)."""

import io
import re
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.offers.freshness import months_before
from cms.offers.models import OfferPage
from cms.taxonomies.models import Operator, Region
from home.site import ensure_site
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.cms.videos.videos_support import make_thumbnail
from tests.community.accounts.test_journeys import sign_up

PUBLIC = "https://comcep.example"
ANY_URL = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def public_address(settings, portal):
    """The portal deployed at https://comcep.example; ensure_site (as load_demo and every migrate
    do) gives the Wagtail site that address."""
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    ensure_site()
    return f"{PUBLIC}/"


def own_links(text):
    """Every http(s) address in ``text`` except XML namespaces and schema identifiers."""
    return [
        url
        for url in ANY_URL.findall(text)
        if not url.startswith(("http://www.w3.org/", "http://www.sitemaps.org/"))
    ]


def test_the_wagtail_site_follows_the_setting(public_address):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("comcep.example", 443, PUBLIC)


def test_a_new_address_applies_at_the_next_migrate(portal, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://portail.example:8080"
    call_command("migrate", verbosity=0, interactive=False)
    assert Site.objects.get(is_default_site=True).root_url == "http://portail.example:8080"


def test_sitemap_locations(client, public_address, make_news, make_offer):
    news = make_news("Le CEP a dix ans")
    offer = make_offer("Bilan de compétences")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.fromstring(response.content)  # noqa: S314  (our own sitemap)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", namespace)]
    assert f"{PUBLIC}/" in locations
    assert f"{PUBLIC}{news.url}" in locations and f"{PUBLIC}{offer.url}" in locations
    assert all(location.startswith(public_address) for location in locations), locations


def test_robots_txt_points_to_the_public_sitemap(client, public_address):
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots
    assert "testserver" not in robots


@pytest.mark.parametrize("path", ["/actualites/rss/", "/actualites/atom/"])
def test_news_feed_links(client, public_address, make_news, path):
    first = make_news("Le CEP a dix ans", days_ago=1)
    second = make_news("Nouveau référentiel", days_ago=0)

    response = client.get(path)

    assert response.status_code == 200
    body = response.content.decode()
    feed = feedparser.parse(body)
    assert [entry.link for entry in feed.entries] == [
        f"{PUBLIC}{second.url}",
        f"{PUBLIC}{first.url}",
    ]
    assert feed.feed.link == f"{PUBLIC}/actualites/"
    assert own_links(body) and all(url.startswith(public_address) for url in own_links(body))
    if "atom" in path:
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        assert self_link == f"{PUBLIC}/actualites/atom/"


def test_forum_feed_links(client, public_address, rubric, counsellor, make_topic):
    topic = make_topic(counsellor, subject="Accueillir sans juger")
    topic_path = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": rubric.slug,
            "forum_pk": rubric.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )

    for feed_path in ("/forum/feeds/topics/", f"/forum/feeds/rubrique/{rubric.pk}/"):
        response = client.get(feed_path)
        assert response.status_code == 200
        body = response.content.decode()
        feed = feedparser.parse(body)
        assert [entry.link for entry in feed.entries] == [f"{PUBLIC}{topic_path}"]
        assert feed.feed.link == f"{PUBLIC}/forum/"
        assert f'href="{PUBLIC}{feed_path}"' in body  # the feed's own (atom:link self) address
        assert all(url.startswith(public_address) for url in own_links(body)), body


def test_api_urls(client, public_address, make_news, make_video):
    news = make_news("Le CEP a dix ans")
    video = make_video(title="La VAE en cinq minutes")

    news_item = client.get("/api/v2/news/").json()["items"][0]
    assert news_item["meta"]["html_url"] == f"{PUBLIC}{news.url}"
    assert news_item["meta"]["detail_url"] == f"{PUBLIC}/api/v2/news/{news.pk}/"
    detail = client.get(f"/api/v2/news/{news.pk}/").json()
    assert detail["meta"]["html_url"] == f"{PUBLIC}{news.url}"
    assert detail["meta"]["detail_url"] == f"{PUBLIC}/api/v2/news/{news.pk}/"

    video_item = client.get("/api/v2/videos/").json()["items"][0]
    assert video_item["meta"]["html_url"] == f"{PUBLIC}{video.url}"
    assert video_item["meta"]["detail_url"] == f"{PUBLIC}/api/v2/videos/{video.pk}/"
    assert video_item["embed_url"] == f"{PUBLIC}/embed/videos/{video.pk}/"


def test_oembed_html_and_discovery_link(client, public_address, make_video):
    video = make_video(title="La VAE en cinq minutes", thumbnail=make_thumbnail())

    # A partner's CMS asks with the address readers see: the public one.
    data = client.get("/oembed/", {"url": f"{PUBLIC}{video.url}", "format": "json"}).json()

    iframe = BeautifulSoup(data["html"], "html.parser").iframe
    assert iframe["src"] == f"{PUBLIC}/embed/videos/{video.pk}/"
    assert data["provider_url"] == f"{PUBLIC}/"
    assert data["thumbnail_url"].startswith(public_address)

    page = BeautifulSoup(client.get(video.url).content, "html.parser")
    discovery = page.find("link", type="application/json+oembed")["href"]
    assert discovery.startswith(f"{PUBLIC}/oembed/?url=https%3A%2F%2Fcomcep.example%2F")


def test_freshness_reminder_links(public_address, make_offer, django_user_model):
    editor = django_user_model.objects.create_user(
        "claire", "claire@centre-inffo.example", "x", is_staff=True
    )
    offer = make_offer(
        "Financement ancien",
        kind=OfferPage.Kind.FUNDING,
        funder="Région",
        verified_on=months_before(timezone.localdate(), 8),
        owner_editor=editor,
    )

    call_command("send_freshness_reminders", stdout=io.StringIO())

    body = mail.outbox[-1].body
    assert f"{PUBLIC}/admin/pages/{offer.pk}/edit/" in body
    assert own_links(body) and all(url.startswith(public_address) for url in own_links(body))


def test_sign_up_confirmation_and_password_reset_links(client, public_address, make_member):
    operator = Operator.objects.create(name="France Travail")
    region = Region.objects.create(name="Bretagne", code="53")
    assert sign_up(client, operator, region).status_code == 302

    body = mail.outbox[-1].body
    link = re.search(rf"{re.escape(PUBLIC)}(/comptes/confirmation/\S+/)", body)
    assert link, body
    assert all(url.startswith(public_address) for url in own_links(body))
    # The link works on the portal.
    assert client.get(link.group(1)).status_code == 302

    client.logout()
    make_member("julien", email="julien@operateur.example")
    client.post(reverse("accounts:password_reset"), {"email": "julien@operateur.example"})
    body = mail.outbox[-1].body
    assert re.search(rf"{re.escape(PUBLIC)}/comptes/mot-de-passe/nouveau/\S+/", body), body
    assert all(url.startswith(public_address) for url in own_links(body))


def test_an_address_wagtail_cannot_represent_is_refused(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://comcep.example:8443"
    with pytest.raises(SystemCheckError, match="comcep.E006"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())
