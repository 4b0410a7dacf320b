"""Chromium: a counsellor saves a topic and an offer, finds them in "Mes favoris" by kind, adds
a note; the page has no axe violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.community.helpers import topic_url
from tests.e2e.test_contributions_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def all_violations(page):
    return [violation["id"] for violation in Axe().run(page).response["violations"]]


def test_save_a_topic_and_an_offer_then_find_them_in_my_bookmarks(
    page, make_topic, make_member, make_offer
):
    author = make_member("claire", "Claire D. (Mission locale)")
    make_member("julien", "Julien R. (Apec)")
    topic = make_topic(author, subject="Financer une VAE", content="Qui finance la VAE ?")
    offer = make_offer("Compte personnel de formation")

    sign_in(page, "julien")
    page.goto(topic_url(topic))
    page.get_by_role("button", name="Sauvegarder — Sauvegarder ce sujet").click()
    expect(page.get_by_text("Sauvegardé dans vos favoris.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Sauvegardé"))).to_have_attribute(
        "aria-pressed", "true"
    )
    page.goto(offer.url)
    page.get_by_role("button", name="Sauvegarder — Sauvegarder cette offre").click()
    expect(page.get_by_text("Sauvegardé dans vos favoris.")).to_be_visible()

    page.get_by_role("link", name="Mes favoris").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes favoris")
    topics = page.get_by_role("region", name="Sujets")
    expect(topics.get_by_role("link", name="Financer une VAE")).to_be_visible()
    offers = page.get_by_role("region", name="Offres")
    expect(offers.get_by_role("link", name="Compte personnel de formation")).to_be_visible()
    assert all_violations(page) == []

    offers.get_by_label(re.compile("Votre note")).fill("Pour Mme B., jeudi")
    offers.get_by_role("button", name="Enregistrer la note").click()
    expect(page.get_by_text("Votre note a été enregistrée.")).to_be_visible()
    expect(
        page.get_by_role("region", name="Offres").get_by_label(re.compile("Votre note"))
    ).to_have_value("Pour Mme B., jeudi")
    page.get_by_role("region", name="Sujets").get_by_role("button", name="Retirer").click()
    expect(page.get_by_role("region", name="Sujets")).to_have_count(0)
    assert all_violations(page) == []
