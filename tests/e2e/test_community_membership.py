import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cms.taxonomies.models import Operator, Region, Theme
from community.moderation.models import PostReport
from tests.conftest import PASSWORD
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_approval_themed_topic_reply_and_report(
    page, browser, live_server, portal, rubric, make_member, settings
):
    settings.COMCEP_PREMODERATED_POSTS = 0
    Operator.objects.create(name="France Travail")
    Region.objects.create(name="Normandie", code="28")
    Theme.objects.create(name="Publics fragiles")
    moderator = make_member("karim", "Karim B. (modération)", groups=("Conseillers", "Modérateurs"))
    make_member("julien", "Julien L. (Apec)")

    # A counsellor signs up and confirms the address.
    page.goto("/forum/")
    page.get_by_role("link", name="Rejoindre la communauté").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejoindre la communauté")
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label(re.compile(r"^Nom\W*$")).fill("Moreau")
    page.get_by_label("Nom affiché publiquement").fill("Inès M. (France Travail)")
    page.get_by_label("Adresse électronique professionnelle").fill("ines@structure.example")
    page.get_by_label("Pseudonyme public").fill("ines")
    page.get_by_label("Opérateur").select_option(label="France Travail")
    page.get_by_label("Structure").fill("France Travail Caen")
    page.get_by_label("Région").select_option(label="Normandie")
    page.get_by_label("Métier").fill("Conseillère")
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(PASSWORD)
    page.get_by_label("J’ai lu et j’accepte la charte de la communauté.").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre messagerie")
    link = re.search(r"https?://\S+/comptes/confirmation/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_text("Un modérateur va maintenant vérifier votre adhésion")).to_be_visible()

    # A moderator approves the membership.
    moderator_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    moderator_page = moderator_context.new_page()
    sign_in(moderator_page, moderator.username)
    moderator_page.goto("/forum/")
    moderator_page.get_by_role("link", name="Membres à valider").click()
    moderator_page.get_by_role("button", name="Valider Inès M. (France Travail)").click()
    expect(moderator_page.get_by_text("Inès M. (France Travail) est validé·e")).to_be_visible()

    # The new member posts a topic with a theme.
    page.goto("/forum/")
    page.get_by_role("link", name="Accueil et posture").first.click()
    page.get_by_role("link", name="Nouveau sujet").click()
    page.get_by_label("Sujet", exact=True).fill("Accueillir une personne en grande précarité")
    page.get_by_label("Publics fragiles").check()
    page.get_by_label("Message", exact=True).fill("Par où commencez-vous le premier entretien ?")
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accueillir une personne en grande précarité"
    )
    expect(page.get_by_role("link", name="Publics fragiles")).to_be_visible()

    # Another counsellor replies, then reports the opening post.
    colleague_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    colleague = colleague_context.new_page()
    sign_in(colleague, "julien")
    colleague.goto("/forum/thematiques/publics-fragiles/")
    colleague.get_by_role("link", name="Accueillir une personne en grande précarité").click()
    colleague.get_by_role("link", name="Répondre").first.click()
    colleague.get_by_label("Message", exact=True).fill("Je commence par les besoins urgents.")
    colleague.get_by_role("button", name="Soumettre").click()
    expect(colleague.get_by_text("Je commence par les besoins urgents.")).to_be_visible()
    colleague.get_by_role("link", name=re.compile("^Signaler")).first.click()
    colleague.get_by_label("Hors sujet").check()
    colleague.locator("main").get_by_label("Commentaire").fill("Test de signalement")
    colleague.get_by_role("button", name="Envoyer le signalement").click()
    expect(colleague.get_by_text("les modérateurs ont reçu votre signalement")).to_be_visible()
    assert PostReport.objects.filter(comment="Test de signalement").exists()

    moderator_page.goto("/forum/moderation/signalements/")
    expect(moderator_page.get_by_text("Test de signalement")).to_be_visible()
    moderator_context.close()
    colleague_context.close()
