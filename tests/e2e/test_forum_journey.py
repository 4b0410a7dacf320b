import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_counsellor_signs_in_opens_a_rubric_and_posts_a_topic(page, portal, rubric, counsellor):
    page.goto("/")
    page.get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")
    page.get_by_label("Adresse électronique").fill(counsellor.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Connecté·e : Sophie M. (France Travail)")).to_be_visible()

    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Forum"
    ).click()
    page.get_by_role("link", name="Accueil et posture").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil et posture")
    page.get_by_role("link", name=re.compile("Nouveau sujet")).first.click()

    page.get_by_label("Sujet", exact=True).fill("Premier entretien : comment poser le cadre ?")
    page.get_by_label("Message", exact=True).fill(
        "Quels mots utilisez-vous pour présenter les trois temps du CEP ?"
    )
    page.get_by_role("button", name="Soumettre").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Premier entretien : comment poser le cadre ?"
    )
    expect(
        page.get_by_text("Quels mots utilisez-vous pour présenter les trois temps du CEP ?")
    ).to_be_visible()
    expect(page.locator("header.site-header")).to_be_visible()
    assert counsellor.email not in page.content()
