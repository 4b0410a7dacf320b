"""What an anonymous visitor and a member see first in the header: a way to join, their profile."""

from bs4 import BeautifulSoup
from django.urls import reverse


def header_links(html):
    header = BeautifulSoup(html, "html.parser").select_one("header.site-header")
    return {a.get_text(strip=True): a["href"] for a in header.select("a")}


def test_anonymous_visitors_see_how_to_join_in_the_header_and_on_the_home_page(client, portal):
    sign_up = reverse("accounts:sign_up")
    for url in ("/", "/forum/", "/forum/sujets/"):
        links = header_links(client.get(url).content.decode())
        assert links.get("Adhérer") == sign_up, url
        assert "Mon profil" not in links

    hero = BeautifulSoup(client.get("/").content.decode(), "html.parser").select_one(".hero")
    assert {a.get_text(strip=True): a["href"] for a in hero.select("a")}.get(
        "Créer un compte"
    ) == sign_up


def test_members_find_their_profile_in_the_site_header(client, portal, counsellor):
    client.force_login(counsellor)
    for url in ("/", "/forum/"):
        html = client.get(url).content.decode()
        links = header_links(html)
        assert links.get("Mon profil") == reverse("accounts:profile"), url
        assert "Adhérer" not in links
    hero = BeautifulSoup(client.get("/").content.decode(), "html.parser").select_one(".hero")
    assert "Créer un compte" not in hero.get_text()
