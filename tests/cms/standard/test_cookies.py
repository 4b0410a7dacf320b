"""Cookies: none for an anonymous reader of public pages; a member gets exactly what the privacy
page lists."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from cms.standard.bootstrap import ensure_legal_pages
from cms.standard.models import StandardPage
from cms.taxonomies.models import Theme
from tests.community.helpers import reply_url, rubric_url, topic_url
from tests.conftest import PASSWORD, form_fields


@pytest.fixture
def public_site(portal, make_offer, make_news, make_topic, counsellor):
    ensure_legal_pages(portal)
    offer = make_offer("Compte personnel de formation", is_national=True)
    news = make_news("Le CEP a dix ans")
    topic = make_topic(counsellor, subject="Rester neutre face à l’urgence")
    theme = Theme.objects.order_by("pk").first()  # the reference lists make_offer loads
    topic.themes.set([theme])
    return {"offer": offer, "news": news, "topic": topic, "theme": theme}


def public_urls(site):
    privacy = StandardPage.objects.get(slug="donnees-personnelles")
    return [
        "/",
        site["offer"].get_parent().url,
        site["offer"].url,
        site["news"].get_parent().url,
        site["news"].url,
        privacy.url,
        "/plan-du-site/",
        reverse("forum:index"),
        rubric_url(site["topic"].forum),
        topic_url(site["topic"]),
        reverse("community:topic_list"),
        reverse("community:theme", args=[site["theme"].slug]),
    ]


def test_an_anonymous_reader_gets_no_cookie_on_public_pages(public_site):
    client = Client(enforce_csrf_checks=True)
    urls = public_urls(public_site)
    assert len(urls) >= 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, list(response.cookies))
    assert not client.cookies

    # The sign-in and sign-up forms may: they need the CSRF token.
    for url in (reverse("accounts:login"), reverse("accounts:sign_up")):
        assert set(Client().get(url).cookies) == {"csrftoken"}, url


def cookies_listed_on_the_privacy_page(client):
    page = client.get(StandardPage.objects.get(slug="donnees-personnelles").url)
    soup = BeautifulSoup(page.content.decode(), "html.parser")
    heading = soup.find("h2", string="Cookies")
    assert heading is not None
    return {item.b.get_text(strip=True) for item in heading.find_next("ul").find_all("li")}


def test_the_privacy_page_lists_exactly_the_cookies_a_member_gets(public_site, counsellor):
    client = Client(enforce_csrf_checks=True)
    set_cookies = set()

    def record(response):
        set_cookies.update(response.cookies)
        return response

    login = record(client.get(reverse("accounts:login")))
    data = form_fields(login.content.decode())
    data.update(username=counsellor.email, password=PASSWORD)
    assert record(client.post(reverse("accounts:login"), data)).status_code == 302

    topic = public_site["topic"]
    for url in public_urls(public_site):
        assert record(client.get(url)).status_code == 200, url
    reply = record(client.get(reply_url(topic)))
    data = form_fields(reply.content.decode(), "form[enctype]")
    data["content"] = "Une réponse de membre"
    posted = record(client.post(reply_url(topic), data))
    assert posted.status_code == 302
    assert record(client.get(posted.url)).status_code == 200
    record(client.get(reverse("accounts:profile")))
    logout = form_fields(client.get("/").content.decode(), "header form[method=post]")
    record(client.post(reverse("accounts:logout"), logout))

    assert set_cookies == {"sessionid", "csrftoken", "messages"}
    assert cookies_listed_on_the_privacy_page(client) == set_cookies
    privacy_text = client.get(StandardPage.objects.get(slug="donnees-personnelles").url)
    assert re.search(r"ne reçoit aucun cookie", privacy_text.content.decode())
