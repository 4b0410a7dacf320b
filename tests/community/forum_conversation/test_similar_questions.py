"""« Ces questions ont peut-être déjà une réponse »: the new-topic form's suggestions."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from community.forum_conversation.answers import validate_answer
from community.steering.models import SuggestionOpening
from community.steering.suggestions import avoided_questions
from search.management.commands.check_similar_questions import evaluate, reader_request, share_found
from tests.conftest import form_fields, text_of

Post = get_model("forum_conversation", "Post")

QUESTION = "Mon employeur peut-il compléter mon CPF ?"
EXISTING = "Cumuler CPF et financement de l’employeur"
ANSWER = "Oui : l’employeur peut abonder le CPF par un accord, dès la demande de formation."


def resolved_topic(make_topic, make_member, author, subject=EXISTING, **traits):
    topic = make_topic(author, subject=subject, content="Est-ce possible ?", **traits)
    other = make_member("julien", "Julien (Apec)")
    reply = Post.objects.create(topic=topic, poster=other, subject=subject, content=ANSWER)
    topic.refresh_from_db()
    validate_answer(topic, reply, author)
    return topic


def endpoint(forum, subject):
    url = reverse("community:similar_questions", kwargs={"forum_pk": forum.pk})
    return f"{url}?sujet={subject}"


def suggested(html):
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".similar-question__link")]


def count_label(html):
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("[data-similar-count]").get_text(strip=True)


@pytest.mark.django_db
def test_a_resolved_topic_is_suggested_while_typing(
    client, counsellor, make_member, make_topic, rubric
):
    topic = resolved_topic(make_topic, make_member, make_member("lea", "Léa"))
    make_topic(counsellor, subject="Accueillir un public jeune")
    client.force_login(counsellor)
    response = client.get(endpoint(rubric, QUESTION))
    assert response.status_code == 200
    html = response.content.decode()
    assert suggested(html) == [EXISTING]
    text = text_of(html)
    assert "Ces questions ont peut-être déjà une réponse" in text
    assert "Résolu" in text and rubric.name in text
    assert "Réponse validée : Oui : l’employeur peut abonder le CPF" in text
    assert count_label(html) == "1 question similaire"
    link = BeautifulSoup(html, "html.parser").select_one(".similar-question__link")["href"]
    assert link == reverse("community:open_suggestion", args=[topic.pk])


@pytest.mark.django_db
def test_the_check_button_shows_the_list_and_keeps_what_was_typed(
    client, counsellor, make_member, make_topic, rubric
):
    resolved_topic(make_topic, make_member, make_member("lea", "Léa"))
    client.force_login(counsellor)
    url = reverse("forum_conversation:topic_create", args=[rubric.slug, rubric.pk])
    data = form_fields(client.get(url).content.decode())
    data |= {"subject": QUESTION, "content": "Mon texte déjà écrit", "verifier": "1"}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert suggested(html) == [EXISTING]
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("[data-similar-status]").get_text(strip=True) == "1 question similaire"
    assert soup.select_one("input[name=subject]")["value"] == QUESTION
    assert soup.select_one("textarea[name=content]").get_text().strip() == "Mon texte déjà écrit"
    # Not checked: no error for what is not finished, and nothing posted.
    assert not soup.select(".form-errors")
    assert not get_model("forum_conversation", "Topic").objects.filter(subject=QUESTION).exists()


@pytest.mark.django_db
def test_the_preview_shows_the_list_once_more(client, counsellor, make_member, make_topic, rubric):
    resolved_topic(make_topic, make_member, make_member("lea", "Léa"))
    client.force_login(counsellor)
    url = reverse("forum_conversation:topic_create", args=[rubric.slug, rubric.pk])
    data = form_fields(client.get(url).content.decode())
    data |= {"subject": QUESTION, "content": "Mon texte", "preview": "1"}
    html = client.post(url, data).content.decode()
    assert suggested(html) == [EXISTING]


@pytest.mark.django_db
def test_suggestions_never_show_a_pilot_or_pending_topic_to_a_non_member(
    client, counsellor, pilot_counsellor, pilot_rubric, make_member, make_topic, rubric
):
    make_topic(pilot_counsellor, subject="CPF et employeur : retours du groupe pilote",
               forum=pilot_rubric)  # fmt: skip
    author = make_member("lea", "Léa")
    make_topic(author, subject="CPF complété par l’employeur : en attente", pending=True)
    client.force_login(counsellor)
    html = client.get(endpoint(rubric, QUESTION)).content.decode()
    assert suggested(html) == []
    assert count_label(html) == "Aucune question similaire"
    # The pilot group's members see their rubric's topic (the test can fail).
    client.force_login(pilot_counsellor)
    html = client.get(endpoint(rubric, QUESTION)).content.decode()
    assert suggested(html) == ["CPF et employeur : retours du groupe pilote"]
    # Opening it by its address is refused to a non-member too.
    pilot_topic = get_model("forum_conversation", "Topic").objects.get(forum=pilot_rubric)
    client.force_login(counsellor)
    opened = client.get(reverse("community:open_suggestion", args=[pilot_topic.pk]))
    assert opened.status_code == 404
    assert not SuggestionOpening.objects.exists()


@pytest.mark.django_db
def test_a_fiche_is_suggested_with_its_kind_and_leads_to_its_page(
    client, counsellor, rubric, make_offer
):
    offer = make_offer("Aide au permis de conduire")
    make_offer("Aide au permis de conduire (brouillon)", publish=False)
    client.force_login(counsellor)
    html = client.get(endpoint(rubric, "Financer le permis de conduire")).content.decode()
    items = BeautifulSoup(html, "html.parser").select(".similar-question")
    assert [item.a.get_text(strip=True) for item in items] == ["Aide au permis de conduire"]
    assert items[0].a["href"] == offer.url
    assert items[0].select_one(".similar-question__meta").get_text(strip=True) == "Offre"
    assert client.get(items[0].a["href"]).status_code == 200
    assert count_label(html) == "1 fiche"


@pytest.mark.django_db
def test_the_endpoint_is_for_members_who_may_start_a_topic(
    client, pending_member, partner, counsellor, rubric, settings
):
    assert client.get(endpoint(rubric, QUESTION)).status_code in (302, 403)
    for who in (pending_member, partner):
        client.force_login(who)
        assert client.get(endpoint(rubric, QUESTION)).status_code == 403
    settings.COMCEP_RATE_LIMITS = settings.COMCEP_RATE_LIMITS | {"similar_questions": "3/m"}
    client.force_login(counsellor)
    codes = [client.get(endpoint(rubric, QUESTION)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.django_db
def test_the_endpoint_costs_the_same_queries_at_two_sizes(
    client, counsellor, make_member, make_topic, rubric
):
    author = make_member("lea", "Léa")
    resolved_topic(make_topic, make_member, author)
    for number in range(5):
        make_topic(author, subject=f"Le CPF et l’employeur, premier cas {number}")
    client.force_login(counsellor)
    client.get(endpoint(rubric, QUESTION))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(endpoint(rubric, QUESTION)).status_code == 200
        return len(captured)

    few = queries()
    for number in range(30):
        make_topic(author, subject=f"Le CPF et l’employeur, cas numéro {number}")
    html = client.get(endpoint(rubric, QUESTION)).content.decode()
    assert len(suggested(html)) == 5 and suggested(html)[0] == EXISTING
    assert queries() == few


@pytest.mark.django_db
def test_an_opened_suggestion_counts_as_a_question_avoided_unless_a_topic_follows(
    client, counsellor, make_member, make_topic, rubric
):
    topic = resolved_topic(make_topic, make_member, make_member("lea", "Léa"))
    client.force_login(counsellor)
    response = client.get(reverse("community:open_suggestion", args=[topic.pk]))
    assert response.status_code == 302 and response.url == topic.get_absolute_url()
    client.get(reverse("community:open_suggestion", args=[topic.pk]))  # once per delay
    start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=1)
    assert avoided_questions(start, end) == {"opened": 1, "avoided": 1}
    make_topic(counsellor, subject="Ma question posée quand même")
    assert avoided_questions(start, end) == {"opened": 1, "avoided": 0}


@pytest.mark.django_db
def test_the_dashboard_shows_the_questions_avoided(
    client, counsellor, moderator, make_member, make_topic, rubric
):
    topic = resolved_topic(make_topic, make_member, make_member("lea", "Léa"))
    client.force_login(counsellor)
    client.get(reverse("community:open_suggestion", args=[topic.pk]))
    client.force_login(moderator)
    html = client.get(reverse("community_dashboard")).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("[data-figure=questions-avoided]").get_text(strip=True) == "1"


@pytest.mark.django_db
def test_the_similar_questions_set_finds_four_in_five(demo_site):
    from django.contrib.auth import get_user_model

    request = reader_request(get_user_model().objects.get(username="marc"))
    assert share_found(evaluate(request, synonyms=False)) >= 0.8
    assert share_found(evaluate(request, synonyms=True)) >= 0.8
