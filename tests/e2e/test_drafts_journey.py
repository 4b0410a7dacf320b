"""Chromium: a counsellor starts a reply, closes the page; coming back to the topic, they resume
the draft, post it, and the draft is gone. "Mes brouillons" has no axe violation."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from machina.core.db.models import get_model
from playwright.sync_api import expect

from community.drafts.models import Draft
from tests.community.helpers import topic_url
from tests.e2e.test_contributions_journey import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

Post = get_model("forum_conversation", "Post")
TEXT = "Je reformule la demande avec la personne, puis je propose un second rendez-vous."


def test_a_reply_survives_the_page_being_closed(page, make_topic, make_member):
    author = make_member("claire", "Claire D. (Mission locale)")
    julien = make_member("julien", "Julien R. (Apec)")
    topic = make_topic(author, subject="Rester neutre", content="Comment faites-vous ?")

    sign_in(page, "julien")
    page.goto(topic_url(topic))
    page.get_by_role("link", name="Répondre").first.click()
    page.get_by_label("Message").fill(TEXT)
    expect(page.get_by_role("status").filter(has_text="Brouillon enregistré à")).to_be_visible()
    assert Draft.objects.get(user=julien, topic=topic).content == TEXT
    context = page.context
    page.close()

    page = context.new_page()
    page.goto(topic_url(topic))
    page.get_by_role("link", name="Reprendre ma réponse").click()
    expect(page.get_by_label("Message")).to_have_value(TEXT)
    page.get_by_role("button", name="Soumettre").click()
    expect(page.get_by_text("Votre message a été publié.")).to_be_visible()
    assert Post.objects.filter(topic=topic, poster=julien, content=TEXT).exists()
    assert not Draft.objects.exists()

    page.get_by_role("link", name="Mes brouillons").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes brouillons")
    expect(page.get_by_text(re.compile("Aucun brouillon"))).to_be_visible()
    assert [v["id"] for v in Axe().run(page).response["violations"]] == []


def test_text_typed_before_the_script_loads_is_saved(page, make_topic, make_member):
    """On a slow connection the member can type before drafts.js has run: that text is saved."""
    author = make_member("claire", "Claire D. (Mission locale)")
    julien = make_member("julien", "Julien R. (Apec)")
    topic = make_topic(author, subject="Rester neutre", content="Comment faites-vous ?")
    sign_in(page, "julien")
    held = []

    def hold(route):
        held.append(route)

    page.route("**/js/drafts*.js", hold)
    page.goto(topic_url(topic))
    with page.expect_request(re.compile(r"/js/drafts[.\w]*\.js")):
        page.get_by_role("link", name="Répondre").first.click()
    page.get_by_label("Message").fill(TEXT)
    expect(page.get_by_role("status")).to_have_text("")
    held.pop().continue_()
    expect(page.get_by_role("status").filter(has_text="Brouillon enregistré à")).to_be_visible()
    assert Draft.objects.get(user=julien, topic=topic).content == TEXT
