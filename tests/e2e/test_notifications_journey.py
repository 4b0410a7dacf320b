"""A question reaches the right person: follow, mention, notification, e-mail, answer."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from community.notifications.models import Notification
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Bilan de compétences ou CEP : comment orienter ?"


def header_notifications(page):
    return page.locator("header.site-header").get_by_role("link", name=re.compile("^Notifications"))


def test_sophie_asks_julien_is_told_and_answers_sophie_is_told(
    browser, live_server, page, portal, rubric, counsellor, make_member
):
    julien = make_member("julien", "Julien P. (Apec)")
    julien_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    julien_page = julien_context.new_page()
    sign_in(julien_page, "julien")
    julien_page.goto("/forum/")
    julien_page.get_by_role("link", name="Accueil et posture").first.click()
    julien_page.get_by_role("button", name="Suivre cette rubrique").click()
    expect(julien_page.get_by_role("button", name="Ne plus suivre cette rubrique")).to_be_visible()
    expect(header_notifications(julien_page)).to_have_text("Notifications")
    mail.outbox.clear()

    # sophie asks in the rubric julien follows, and mentions him.
    sign_in(page, "sophie")
    page.goto("/forum/")
    page.get_by_role("link", name="Accueil et posture").first.click()
    page.get_by_role("link", name="Nouveau sujet").click()
    page.get_by_label("Sujet", exact=True).fill(SUBJECT)
    page.get_by_label("Message", exact=True).fill("@julien, tu as l’habitude de ces demandes ?")
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.get_by_role("link", name="@julien")).to_be_visible()

    # The question waits in the rubric's "Sans réponse" list.
    page.goto("/forum/")
    page.get_by_role("link", name="Accueil et posture").first.click()
    rubric_url = page.url.split("?")[0]
    page.goto(f"{rubric_url}?filtre=sans-reponse")
    expect(page.get_by_role("link", name=SUBJECT)).to_be_visible()

    # julien: one notification in the header, one e-mail.
    julien_page.reload()
    expect(header_notifications(julien_page)).to_have_accessible_name(
        re.compile("Notifications.*1 notification non lue")
    )
    messages = [m for m in mail.outbox if m.to == [julien.email]]
    assert len(messages) == 1
    assert "vous a mentionné" in messages[0].body
    assert counsellor.email not in messages[0].body

    header_notifications(julien_page).click()
    expect(julien_page.get_by_role("heading", level=1)).to_have_text("Mes notifications")
    julien_page.get_by_role("link", name=re.compile("vous a mentionné·e dans")).click()
    expect(julien_page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(header_notifications(julien_page)).to_have_text("Notifications")
    julien_page.get_by_role("link", name="Répondre").first.click()
    julien_page.get_by_label("Message", exact=True).fill("Oui : je commence par le CEP.")
    julien_page.get_by_role("button", name="Soumettre").click()
    expect(julien_page.get_by_text("Oui : je commence par le CEP.")).to_be_visible()

    # sophie follows the topic she started: she is told of julien's reply.
    page.reload()
    expect(header_notifications(page)).to_have_accessible_name(re.compile("1 notification non lue"))
    header_notifications(page).click()
    page.get_by_role("link", name=re.compile("Julien P. \\(Apec\\) a répondu à")).click()
    assert Notification.objects.filter(recipient__username="sophie", kind="reply").count() == 1

    # sophie validates julien's answer: the topic is resolved and leaves "Sans réponse".
    page.get_by_role("button", name="Marquer comme réponse validée").click()
    expect(page.get_by_text("Résolu").first).to_be_visible()
    expect(page.get_by_role("button", name="Retirer la validation")).to_be_visible()
    page.goto(rubric_url)
    row = page.locator("li, tr").filter(has=page.get_by_role("link", name=SUBJECT)).last
    expect(row.get_by_text("Résolu")).to_be_visible()
    page.goto(f"{rubric_url}?filtre=sans-reponse")
    expect(page.get_by_role("link", name=SUBJECT)).to_have_count(0)

    # julien is told that his answer was validated.
    julien_page.reload()
    expect(header_notifications(julien_page)).to_have_accessible_name(
        re.compile("1 notification non lue")
    )
    assert Notification.objects.filter(recipient=julien, kind="answer_validated").count() == 1
    julien_context.close()
