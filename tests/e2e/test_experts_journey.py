"""Ask the people who know: julien declares VAE, sophie asks a VAE question and asks for an
expert, julien is suggested, told (header and one e-mail) and answers; a moderator assigns
another question to amina, who finds it in "Questions qui m'attendent"."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cms.taxonomies.models import Theme
from community.accounts.roles import MODERATORS_GROUP
from community.experts.models import Expertise, Routing
from tests.e2e.accessibility import serious_violations
from tests.e2e.test_notifications_journey import header_notifications, sign_in
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "VAE après un CPF : quelles étapes ?"


def notifications_on_a_phone(page):
    """The header's notifications link, behind "Menu" under 768 px: opened first."""
    menu = page.locator("details.site-menu")
    if page.locator("summary.site-menu__button").is_visible() and not menu.evaluate("m => m.open"):
        page.locator("summary.site-menu__button").click()
    return header_notifications(page)


def test_a_question_reaches_the_member_who_declared_its_theme_and_a_moderator_assigns_another(
    browser, live_server, page, portal, rubric, counsellor, make_member
):
    Theme.objects.create(name="VAE", sort_order=1)
    Theme.objects.create(name="Financement", sort_order=2)
    julien = make_member("julien", "Julien L. (Apec)")
    amina = make_member("amina", "Amina D. (Mission locale)")
    make_member("karim", "Karim B. (modération)", groups=("Conseillers", MODERATORS_GROUP))

    # julien declares the theme "VAE" on his help profile and joins the directory.
    julien_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    julien_page = julien_context.new_page()
    julien_page.set_viewport_size({"width": 390, "height": 844})  # a phone
    sign_in(julien_page, "julien")
    julien_page.goto("/comptes/profil/")
    julien_page.get_by_role("link", name=re.compile("Mon profil d’entraide")).click()
    expect(julien_page.get_by_role("heading", level=1)).to_have_text("Mon profil d’entraide")
    assert serious_violations(julien_page) == []
    julien_page.get_by_label("VAE").check()
    julien_page.get_by_label("Figurer dans l’annuaire des membres").check()
    julien_page.get_by_role("button", name="Enregistrer").click()
    expect(julien_page.get_by_text("Votre profil d’entraide est enregistré.")).to_be_visible()
    assert list(Expertise.objects.get(user=julien).themes.values_list("name", flat=True)) == ["VAE"]
    expect(notifications_on_a_phone(julien_page)).to_have_text("Notifications")

    # sophie asks a VAE question, then asks for an expert: julien is suggested.
    sign_in(page, "sophie")
    page.goto("/annuaire/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des membres")
    expect(page.get_by_role("link", name="Julien L. (Apec)")).to_be_visible()
    page.goto("/forum/")
    page.get_by_role("link", name="Accueil et posture").first.click()
    page.get_by_role("link", name="Nouveau sujet").click()
    page.get_by_label("Sujet", exact=True).fill(SUBJECT)
    page.get_by_label("VAE").check()
    page.get_by_label("Message", exact=True).fill("Une personne a financé une partie par son CPF.")
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    mail.outbox.clear()
    page.get_by_role("link", name="Solliciter un expert").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Solliciter un expert")
    assert serious_violations(page) == []
    suggestion = page.get_by_label(re.compile("Julien L. \\(Apec\\)"))
    expect(page.get_by_text("Peut aider sur VAE")).to_be_visible()
    suggestion.check()
    page.get_by_role("button", name="Transmettre la question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.get_by_text("Question transmise à Julien L. (Apec)", exact=True)).to_be_visible()

    # julien: one more in the header, one e-mail; he opens it and answers.
    julien_page.reload()
    expect(notifications_on_a_phone(julien_page)).to_have_accessible_name(
        re.compile("1 notification non lue")
    )
    to_julien = [m for m in mail.outbox if m.to == [julien.email]]
    assert len(to_julien) == 1
    assert "sollicite votre aide" in to_julien[0].body and SUBJECT in to_julien[0].body
    notifications_on_a_phone(julien_page).click()
    julien_page.get_by_role("link", name=re.compile("sollicite votre aide")).click()
    expect(julien_page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    julien_page.get_by_role("link", name="Répondre").first.click()
    julien_page.get_by_label("Message", exact=True).fill("Oui : le CPF peut financer la VAE.")
    julien_page.get_by_role("button", name="Soumettre").click()
    expect(julien_page.get_by_text("Oui : le CPF peut financer la VAE.")).to_be_visible()
    julien_context.close()

    # A moderator assigns another question to amina.
    other = TopicFactory(forum=rubric, poster=counsellor, subject="Aide au permis pour un jeune ?")
    moderator_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    moderator = moderator_context.new_page()
    sign_in(moderator, "karim")
    moderator.goto(other.get_absolute_url())
    moderator.get_by_role("link", name="Confier", exact=True).click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Confier la question")
    moderator.get_by_label("Ou un autre membre, par son pseudo").fill("@amina")
    moderator.get_by_role("button", name="Confier").click()
    expect(moderator.get_by_text("Pris en charge par Amina D. (Mission locale)")).to_be_visible()
    moderator_context.close()
    assert Routing.objects.get(kind="assignment").member == amina

    # amina finds it in "Questions qui m'attendent".
    amina_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    amina_page = amina_context.new_page()
    sign_in(amina_page, "amina")
    amina_page.goto("/forum/")
    amina_page.get_by_role("link", name="Questions qui m’attendent").click()
    expect(amina_page.get_by_role("heading", level=1)).to_have_text("Questions qui m’attendent")
    assert serious_violations(amina_page) == []
    expect(amina_page.get_by_role("link", name="Aide au permis pour un jeune ?")).to_be_visible()
    expect(amina_page.get_by_text("Vous est confiée")).to_be_visible()
    amina_context.close()
