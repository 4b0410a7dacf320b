"""The community dashboard on a phone: its charts are drawn for a narrow column, so their labels
stay readable (at least 11 px as rendered at 375 px); the wide drawing keeps them on a desktop."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model
from playwright.sync_api import expect

from cms.editorial import ensure_editorial_workflow
from cms.taxonomies.models import Operator, Theme
from tests.conftest import PASSWORD
from tests.factories import MemberFactory, RubricFactory, TopicFactory

pytestmark = pytest.mark.django_db(transaction=True)

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

# Rendered size of every text of the visible charts: font size × the drawing's scale on screen.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll('section.steering-chart figure svg')]
  .filter((svg) => svg.getBoundingClientRect().width > 0)
  .flatMap((svg) => [...svg.querySelectorAll('text')]
    .filter((text) => text.textContent.trim() && text.getBoundingClientRect().width > 0)
    .map((text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a))"""


@pytest.fixture
def figures(portal):
    """Twelve weeks of questions from three operators on two themes, most of them answered."""
    ensure_editorial_workflow([portal])
    rubric = RubricFactory(name="Financements")
    themes = [Theme.objects.create(name=name) for name in ("Formation", "Reconversion")]
    members = [
        MemberFactory(username=f"membre{i}", operator=Operator.objects.get_or_create(name=name)[0])
        for i, name in enumerate(("France Travail", "Apec", "Opérateurs régionaux pour les actifs"))
    ]
    for index in range(12):
        topic = TopicFactory(forum=rubric, poster=members[index % 3], subject=f"Sujet {index}")
        topic.themes.add(themes[index % 2])
        created = timezone.now() - timedelta(days=index * 7 + 1)
        reply = Post.objects.create(topic=topic, poster=members[(index + 1) % 3], content="Réponse")
        Post.objects.filter(pk=reply.pk).update(created=created + timedelta(hours=index + 2))
        Topic.objects.filter(pk=topic.pk).update(
            created=created, first_reply_at=created + timedelta(hours=index + 2)
        )
        Post.objects.filter(pk=topic.first_post_id).update(created=created)
    return MemberFactory(username="karim", moderator=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_chart_labels_are_readable_on_a_phone_and_on_a_desktop(
    browser, live_server, figures, width
):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": 812}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(figures.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).not_to_have_url(re.compile("connexion"))
    page.goto(reverse("community_dashboard"))
    expect(page.locator("section.steering-chart").first).to_be_visible()

    sizes = page.evaluate(CHART_TEXT_SIZES)
    print(f"chart texts at {width} px: {len(sizes)}, smallest {min(sizes):.1f} px")
    assert len(sizes) > 100
    assert min(sizes) >= 11
    # One drawing per chart is shown, and the page does not scroll sideways.
    shown = page.locator("section.steering-chart figure svg:visible")
    expect(shown).to_have_count(page.locator("section.steering-chart").count())
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
