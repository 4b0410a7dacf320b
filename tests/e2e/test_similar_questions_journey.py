"""A counsellor about to ask a question finds it already answered."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.urls import reverse
from machina.core.db.models import get_model
from playwright.sync_api import expect

from community.forum_conversation.answers import validate_answer
from tests.community.conftest import moderator  # noqa: F401, F811
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

Post = get_model("forum_conversation", "Post")

QUESTION = "Mon employeur peut-il compléter mon CPF ?"
EXISTING = "Cumuler CPF et financement de l’employeur"


def sign_in(page, user):
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_text("Connecté·e :")).to_be_visible()


def suggestion_titles(page):
    return page.locator(".similar-question__link").all_inner_texts()


def test_a_suggested_answer_avoids_a_question_with_and_without_javascript(
    browser,
    live_server,
    page,
    portal,
    rubric,
    counsellor,
    moderator,  # noqa: F811 -- the fixture imported above
    make_member,
    make_topic,
):
    author = make_member("lea", "Léa F. (Apec)")
    topic = make_topic(author, subject=EXISTING, content="Est-ce possible ?")
    reply = Post.objects.create(
        topic=topic,
        poster=make_member("julien", "Julien (Apec)"),
        subject=EXISTING,
        content="Oui : l’employeur peut abonder le CPF par un accord.",
    )
    topic.refresh_from_db()
    validate_answer(topic, reply, author)
    form_url = reverse("forum_conversation:topic_create", args=[rubric.slug, rubric.pk])

    # As the subject is typed, the resolved discussion is suggested and the count announced.
    sign_in(page, counsellor)
    page.goto(form_url)
    page.get_by_label("Sujet", exact=True).press_sequentially(QUESTION)
    status = page.locator("[data-similar-status]")
    expect(status).to_have_text("1 question similaire")
    expect(
        page.get_by_role("heading", name="Ces questions ont peut-être déjà une réponse")
    ).to_be_visible()
    expect(page.locator(".similar-question").first).to_contain_text("Résolu")
    expect(page.locator(".similar-question").first).to_contain_text("Réponse validée : Oui")
    assert suggestion_titles(page) == [EXISTING]
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []

    # Keyboard: from the subject, the suggestion is reached with Tab (after "Vérifier").
    page.get_by_label("Sujet", exact=True).focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Vérifier")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=EXISTING)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(EXISTING)

    # The steering dashboard counts the question avoided.
    admin = browser.new_context(base_url=live_server.url, locale="fr-FR")
    admin_page = admin.new_page()
    sign_in(admin_page, moderator)
    admin_page.goto(reverse("community_dashboard"))
    expect(admin_page.locator("[data-figure=questions-avoided]")).to_have_text("1")
    admin.close()

    # Without JavaScript, "Vérifier" gives the same list, and what was typed stays.
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    no_script = context.new_page()
    sign_in(no_script, get_user_model().objects.get(pk=counsellor.pk))
    no_script.goto(form_url)
    no_script.get_by_label("Sujet", exact=True).fill(QUESTION)
    no_script.get_by_label("Message", exact=True).fill("Mon brouillon")
    no_script.get_by_role("button", name="Vérifier").click()
    expect(no_script.locator("[data-similar-status]")).to_have_text("1 question similaire")
    assert suggestion_titles(no_script) == [EXISTING]
    expect(no_script.get_by_label("Sujet", exact=True)).to_have_value(QUESTION)
    expect(no_script.get_by_label("Message", exact=True)).to_have_value("Mon brouillon")
    context.close()
