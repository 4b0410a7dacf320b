import re

import pytest
from machina.core.db.models import get_model
from playwright.sync_api import expect

from tests.conftest import PASSWORD

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db(transaction=True)


def test_counsellor_searches_vae_filters_to_discussions_and_opens_the_reply(
    page, portal, make_offer, make_topic, counsellor, make_member
):
    make_offer("Valider ses acquis", summary="La VAE pas à pas.")
    other = make_member("yann", "Yann L. (Apec)")
    topic = make_topic(
        other, subject="Reconversion d’une aide-soignante", content="Par où commencer ?"
    )
    reply = Post.objects.create(
        topic=topic, poster=other, content="Une VAE partielle peut suffire pour le diplôme."
    )

    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(counsellor.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Connecté·e : Sophie M. (France Travail)")).to_be_visible()

    header_search = page.get_by_role("search").first
    header_search.get_by_label("Rechercher sur le site", exact=True).fill("VAE")
    header_search.get_by_label("Rechercher sur le site", exact=True).press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher sur le site")
    expect(page.get_by_role("heading", name="2 résultats pour « VAE »")).to_be_visible()

    page.locator("main").get_by_role("checkbox", name=re.compile(r"^Discussion \(")).check()
    page.locator("main").get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("heading", name="1 résultat pour « VAE »")).to_be_visible()
    assert "type=discussion" in page.url
    expect(page.locator("main mark").first).to_have_text("VAE")

    page.get_by_role("link", name="Reconversion d’une aide-soignante").click()
    expect(page).to_have_url(re.compile(rf"\?post={reply.pk}#{reply.pk}$"))
    expect(page.get_by_text("Une VAE partielle peut suffire pour le diplôme.")).to_be_visible()
