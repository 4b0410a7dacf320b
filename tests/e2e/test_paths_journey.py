"""Chromium: julien starts a path, marks steps done without JavaScript's help, sees his progress
and finds it in "Mes parcours"; both pages have no axe violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from cms.paths.models import PathIndexPage, PathPage, PathStep
from tests.e2e.test_contributions_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def all_violations(page):
    return [violation["id"] for violation in Axe().run(page).response["violations"]]


def test_julien_follows_a_path_and_finds_it_in_my_paths(
    page, portal, make_member, make_offer, tmp_path
):
    make_member("julien", "Julien R. (Apec)")
    offers = [make_offer(f"Fiche {n}") for n in range(1, 6)]
    index, _created = PathIndexPage.ensure_under(portal)
    path = PathPage(title="Adopter une posture d’écoute", introduction="Écouter, reformuler.")
    path.steps = [
        PathStep(title=f"Lire la fiche {n}", text="À lire.", sort_order=n, page=offer)
        for n, offer in enumerate(offers, start=1)
    ]
    index.add_child(instance=path)
    path.save_revision().publish()

    sign_in(page, "julien")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(path.url)
    page.get_by_role("button", name="Commencer ce parcours").click()
    expect(page.get_by_text("Parcours commencé")).to_be_visible()
    for _done in range(3):
        page.get_by_role("button", name="Marquer comme faite").first.click()
        expect(page.get_by_text("Étape marquée comme faite.")).to_be_visible()
    progress = page.get_by_label("Étapes faites : 3 sur 5")
    expect(progress).to_have_attribute("value", "3")
    expect(page.locator(".path-progress__percent")).to_have_text(re.compile(r"^60\s%$"))
    assert all_violations(page) == []
    page.screenshot(path=tmp_path / "parcours-390.png", full_page=True)

    page.get_by_role("link", name="Mes parcours").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes parcours")
    expect(page.get_by_role("link", name="Adopter une posture d’écoute")).to_be_visible()
    expect(page.get_by_label("Étapes faites : 3 sur 5")).to_have_attribute("value", "3")
    assert all_violations(page) == []
