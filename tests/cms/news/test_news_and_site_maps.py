import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from cms.standard.models import StandardPage
from cms.taxonomies.models import Theme
from tests.conftest import text_of


@pytest.fixture
def news(make_news):
    first = make_news("Le CEP a dix ans", days_ago=10)
    second = make_news("CPF : participation forfaitaire", days_ago=2)
    second.themes = [Theme.objects.get(slug="financement")]
    second.save_revision().publish()
    hidden = make_news("Brouillon d’actualité", days_ago=1)
    hidden.unpublish()
    return first, second


def test_news_index_is_newest_first_and_filterable(client, news):
    soup = BeautifulSoup(client.get("/actualites/").content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select(".card-item__title a")] == [
        "CPF : participation forfaitaire",
        "Le CEP a dix ans",
    ]
    filtered = BeautifulSoup(client.get("/actualites/?theme=financement").content, "html.parser")
    assert [a.get_text(strip=True) for a in filtered.select(".card-item__title a")] == [
        "CPF : participation forfaitaire"
    ]
    bad = client.get("/actualites/?theme=inconnue")
    assert bad.status_code == 200
    assert "a été ignoré" in text_of(bad.content.decode())


def test_rss_feed_is_valid_rss_2(client, news):
    response = client.get("/actualites/rss/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == [
        "CPF : participation forfaitaire",
        "Le CEP a dix ans",
    ]
    assert feed.entries[0].link.endswith("/actualites/cpf-participation-forfaitaire/")
    assert feed.entries[0].tags[0].term == "Financement"


def test_atom_feed_is_valid_atom(client, news):
    response = client.get("/actualites/atom/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert len(feed.entries) == 2
    assert all(entry.get("updated") for entry in feed.entries)


def test_sitemap_lists_live_pages_only(client, portal, news, make_offer):
    make_offer("Offre publiée")
    make_offer("Offre en brouillon", publish=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        loc.text
        for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", namespace)  # noqa: S314
    ]
    # Slugs are ASCII (WAGTAIL_ALLOW_UNICODE_SLUGS is off).
    assert any(url.endswith("/offres/offre-publiee/") for url in locations)
    assert not any("brouillon" in url for url in locations)
    assert any(url.endswith("/actualites/le-cep-a-dix-ans/") for url in locations)


def test_html_site_map_robots_and_footer(client, portal, news):
    portal.add_child(
        instance=StandardPage(
            title="Mentions légales", slug="mentions-legales", body="<p>x</p>", show_in_menus=True
        )
    )
    soup = BeautifulSoup(client.get("/plan-du-site/").content, "html.parser")
    assert soup.h1.get_text() == "Plan du site"
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".site-map a")}
    assert links["Actualités"] == "/actualites/"
    assert links["Le CEP a dix ans"] == "/actualites/le-cep-a-dix-ans/"
    assert "Brouillon d’actualité" not in links
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    footer = [
        a["href"] for a in BeautifulSoup(client.get("/").content, "html.parser").select("footer a")
    ]
    assert "/plan-du-site/" in footer and "/mentions-legales/" in footer
