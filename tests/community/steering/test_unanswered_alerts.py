"""Questions without an answer: listed for the moderators and summed up in one daily e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from machina.core.db.models import get_model

from community.steering.models import UnansweredAlert
from tests.factories import MemberFactory, RubricFactory, TopicFactory

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def asked(topic, hours_ago, answered=False):
    created = timezone.now() - timedelta(hours=hours_ago)
    Topic.objects.filter(pk=topic.pk).update(
        created=created, first_reply_at=created + timedelta(hours=1) if answered else None
    )


@pytest.fixture
def forum(portal):
    rubric = RubricFactory(name="Financements")
    pilot = RubricFactory(pilot=True)
    author = MemberFactory(username="sophie", display_name="Sophie M.", pilot=True)
    moderator = MemberFactory(username="karim", first_name="Karim", moderator=True)
    pilot_moderator = MemberFactory(username="lea", first_name="Léa", pilot_moderator=True)
    waiting = TopicFactory(forum=rubric, poster=author, subject="Le CPF pour un intérimaire ?")
    asked(waiting, hours_ago=50)
    return {
        "rubric": rubric,
        "pilot": pilot,
        "author": author,
        "moderator": moderator,
        "pilot_moderator": pilot_moderator,
        "waiting": waiting,
    }


def sent_to(username):
    return [m for m in mail.outbox if m.to == [f"{username}@operateur.example"]]


def test_running_twice_the_same_day_sends_one_email_per_moderator(forum):
    call_command("alert_unanswered")
    call_command("alert_unanswered")
    assert len(sent_to("karim")) == 1
    assert len(sent_to("lea")) == 1
    assert len(mail.outbox) == 2
    message = sent_to("karim")[0]
    assert message.subject == "ComCep : 1 question attend une réponse"
    assert "Bonjour Karim," in message.body
    assert "Le CPF pour un intérimaire ?" in message.body
    assert "depuis plus de 48 heures" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Le CPF pour un intérimaire ?" in html and 'lang="fr"' in html
    assert UnansweredAlert.objects.filter(recipient=forum["moderator"]).count() == 1


def test_nothing_is_sent_when_every_question_is_answered(forum):
    asked(forum["waiting"], hours_ago=50, answered=True)
    # A question asked an hour ago has not waited long enough yet.
    recent = TopicFactory(forum=forum["rubric"], poster=forum["author"], subject="Tout frais")
    asked(recent, hours_ago=1)
    call_command("alert_unanswered")
    assert mail.outbox == []
    assert not UnansweredAlert.objects.exists()


def test_locked_and_unapproved_questions_are_not_reported(forum):
    Topic.objects.filter(pk=forum["waiting"].pk).update(status=Topic.TOPIC_LOCKED)
    pending = TopicFactory(
        forum=forum["rubric"], poster=forum["author"], subject="En attente", pending=True
    )
    asked(pending, hours_ago=60)
    call_command("alert_unanswered")
    assert mail.outbox == []


def test_the_delay_is_a_setting(forum, settings):
    settings.COMCEP_UNANSWERED_DELAY_HOURS = 72
    call_command("alert_unanswered")
    assert mail.outbox == []
    settings.COMCEP_UNANSWERED_DELAY_HOURS = 24
    call_command("alert_unanswered")
    assert len(sent_to("karim")) == 1
    assert "depuis plus de 24 heures" in sent_to("karim")[0].body


def test_a_pilot_question_never_reaches_a_moderator_outside_the_pilot_group(forum):
    asked(forum["waiting"], hours_ago=50, answered=True)
    secret = TopicFactory(
        forum=forum["pilot"], poster=forum["author"], subject="Sujet confidentiel du pilote"
    )
    asked(secret, hours_ago=80)
    call_command("alert_unanswered")
    assert sent_to("karim") == []
    (message,) = sent_to("lea")
    assert "Sujet confidentiel du pilote" in message.body
    assert all("confidentiel" not in m.body for m in mail.outbox if m.to != message.to)


def test_the_queue_page_lists_the_waiting_questions_of_the_moderators_rubrics(client, forum):
    secret = TopicFactory(
        forum=forum["pilot"], poster=forum["author"], subject="Sujet confidentiel du pilote"
    )
    asked(secret, hours_ago=80)
    client.force_login(forum["moderator"])
    html = client.get("/forum/moderation/signalements/").content.decode()
    assert "1 question sans réponse depuis plus de 48\xa0h" in html or (
        "1 question sans réponse depuis plus de 48 h" in html
    )
    assert "Le CPF pour un intérimaire ?" in html
    assert "Sujet confidentiel du pilote" not in html
    assert 'href="/admin/communaute/tableau-de-bord/"' in html

    client.force_login(forum["pilot_moderator"])
    html = client.get("/forum/moderation/signalements/").content.decode()
    assert "Le CPF pour un intérimaire ?" in html
    assert "Sujet confidentiel du pilote" in html


def test_the_queue_page_costs_the_same_queries_for_3_and_30_waiting_questions(client, forum):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(start, number):
        for index in range(start, start + number):
            topic = TopicFactory(
                forum=forum["rubric"], poster=forum["author"], subject=f"Question {index}"
            )
            asked(topic, hours_ago=60 + index)

    def measure():
        client.get("/forum/moderation/signalements/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/forum/moderation/signalements/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    client.force_login(forum["moderator"])
    add(0, 2)
    small, html = measure()
    assert "3 questions sans réponse" in html
    add(2, 27)
    large, html = measure()
    assert "30 questions sans réponse" in html
    assert "Les 20 plus anciennes sont affichées." in html
    assert small == large
