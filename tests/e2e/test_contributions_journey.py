"""Chromium: julien proposes a funding offer from the site; editrice approves it in "Relecture";
it is live under /offres/, credited to julien, and "Mes propositions" says so."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Page

from cms import editorial
from cms.offers.models import OfferPage
from tests.conftest import PASSWORD
from tests.e2e.helpers import sign_in
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Aide régionale à la reconversion des salariés"


def test_a_proposal_travels_from_a_counsellor_to_the_catalogue(
    page, browser, live_server, catalogue
):
    editorial.ensure_editorial_workflow([Page.objects.get(pk=catalogue.get_parent().pk)])
    MemberFactory(username="julien", display_name="Julien R. (Apec)")
    MemberFactory(username="editrice", display_name="Éditrice", editor=True)

    # julien proposes a funding offer; a missing funder is refused in French, nothing is lost.
    sign_in(page, "julien")
    page.goto("/contributions/proposer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposer une ressource")
    page.get_by_label("Type de ressource").select_option(label="Financement")
    page.locator("#id_title").fill(TITLE)
    page.get_by_label("Résumé").fill("La région finance une partie de la reconversion.")
    page.get_by_label("Description").fill("Pour les salariés en reconversion.\n\nSur dossier.")
    page.get_by_label("Bretagne").check()
    page.get_by_label("Source officielle").fill("https://www.bretagne.bzh/aides/")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_text("Indiquez qui finance.")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value(TITLE)
    page.get_by_label("Qui la finance").fill("Région Bretagne")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes propositions")
    row = page.get_by_role("row", name=re.compile(TITLE))
    expect(row).to_contain_text("en relecture")
    offer = OfferPage.objects.get(title=TITLE)
    assert not offer.live

    # editrice finds it in the admin listing and approves it through "Relecture".
    admin = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    admin.set_default_timeout(15_000)
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill(get_user_model().objects.get(username="editrice").email)
    admin.locator("#id_password").fill(PASSWORD)
    admin.locator("#id_password").press("Enter")
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto("/admin/reports/propositions-des-membres/")
    expect(admin.get_by_role("heading", name="Propositions des membres")).to_be_visible()
    admin.get_by_role("link", name=TITLE).click()
    admin.wait_for_url(re.compile(rf"/admin/pages/{offer.pk}/edit/"))
    admin.get_by_role("button", name="Plus d'actions").first.click()
    admin.get_by_role("button", name="Valider et Publier").click()
    expect(admin.locator(".messages")).to_contain_text(TITLE)

    offer.refresh_from_db()
    assert offer.live and offer.url_path.startswith("/home/offres/")

    # It is live under /offres/, credited to julien, and his list says "publiée".
    page.goto("/offres/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Proposé par Julien R. (Apec)")).to_be_visible()
    page.goto("/contributions/mes-propositions/")
    expect(page.get_by_role("row", name=re.compile(TITLE))).to_contain_text("publiée")
