"""The personalised digest, the preferences page and the one-click unsubscribe."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.core.db.models import get_model

from cms.taxonomies.models import Region
from community.notifications import emails
from community.notifications.digest import build_digests, recipients
from community.notifications.models import (
    DigestDelivery,
    Follow,
    Notification,
    NotificationPreferences,
)
from tests.conftest import text_of
from tests.factories import MemberFactory, TopicFactory

Post = get_model("forum_conversation", "Post")


def send_weekly():
    out = io.StringIO()
    call_command("send_digests", "--period", "weekly", stdout=out)
    return int(out.getvalue().split()[0])


@pytest.fixture
def breton(reference_lists, make_member):
    return make_member("julien", "Julien P. (Apec)", region=Region.objects.get(slug="bretagne"))


def digest_of(member):
    return [m for m in mail.outbox if m.to == [member.email]]


def test_weekly_digest_has_the_regions_offers_and_is_sent_once(portal, breton, make_offer):
    make_offer("Permanence CEP à Rennes", regions=["bretagne"])
    make_offer("Atelier CEP à Caen", regions=["normandie"])
    make_offer("Compte personnel de formation", is_national=True)
    mail.outbox.clear()

    assert send_weekly() >= 1
    [message] = digest_of(breton)
    assert message.subject == "[ComCep] L’essentiel de la semaine"
    assert "Permanence CEP à Rennes" in message.body
    assert "Compte personnel de formation" in message.body
    assert "Atelier CEP à Caen" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Permanence CEP à Rennes" in message.alternatives[0][0]
    assert DigestDelivery.objects.filter(user=breton, period="weekly").count() == 1

    mail.outbox.clear()
    assert send_weekly() == 0
    assert mail.outbox == []


def test_a_member_with_nothing_new_gets_no_digest(portal, breton):
    mail.outbox.clear()
    assert send_weekly() == 0
    assert mail.outbox == []
    assert not DigestDelivery.objects.exists()


def test_digest_lists_unanswered_and_resolved_questions_they_follow_but_never_the_pilots(
    portal, rubric, pilot_rubric, breton, pilot_counsellor, make_member
):
    asker = make_member("sophie", "Sophie M.")
    Follow.objects.create(user=breton, forum=rubric)
    Follow.objects.create(user=breton, forum=pilot_rubric)  # by hand: visibility decides anyway
    Follow.objects.create(user=pilot_counsellor, forum=pilot_rubric)
    TopicFactory(forum=rubric, poster=asker, subject="Question sans réponse")
    TopicFactory(forum=pilot_rubric, poster=asker, subject="Question secrète du pilote")
    TopicFactory(
        forum=rubric,
        poster=asker,
        subject="Question résolue",
        with_validated_answer="Voilà",
        with_validated_answer__poster=pilot_counsellor,
    )
    mail.outbox.clear()

    send_weekly()
    [message] = digest_of(breton)
    assert "Question sans réponse" in message.body
    assert "Question résolue" in message.body
    assert "Question secrète du pilote" not in message.body
    assert "Question secrète du pilote" not in message.alternatives[0][0]
    [pilot_message] = digest_of(pilot_counsellor)
    assert "Question secrète du pilote" in pilot_message.body


def test_daily_digest_carries_the_waiting_notifications_once(
    portal, rubric, breton, make_member, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=breton, forum=rubric)
    asker = make_member("sophie", "Sophie M.")
    with django_capture_on_commit_callbacks(execute=True):
        TopicFactory(forum=rubric, poster=asker, subject="Nouvelle question du jour")
    notification = Notification.objects.get(recipient=breton, kind="new_topic")
    mail.outbox.clear()

    call_command("send_digests", "--period", "daily", stdout=io.StringIO())
    [message] = digest_of(breton)
    assert message.subject == "[ComCep] L’essentiel du jour"
    assert "Sophie M. a lancé « Nouvelle question du jour »" in text_of(message.body)
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_digest_building_costs_the_same_for_10_and_60_members(portal, reference_lists, make_offer):
    make_offer("Offre nationale", is_national=True)
    bretagne = Region.objects.get(slug="bretagne")

    def measure(number):
        MemberFactory.create_batch(number, region=bretagne)
        members = recipients()
        build_digests(members, "weekly")  # one-off costs (caches) out of the count
        with CaptureQueriesContext(connection) as queries:
            digests = build_digests(members, "weekly")
        assert len(digests) == members.count()
        return len(queries)

    assert measure(10) == measure(50)  # 10, then 60 members


def test_digest_preview_is_the_members_own_and_costs_the_same_with_more_offers(
    client, portal, breton, make_offer
):
    url = reverse("notifications:digest_preview")
    assert client.get(url).status_code == 302
    client.force_login(breton)
    make_offer("Permanence CEP à Rennes", regions=["bretagne"])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        page = text_of(client.get(url).content.decode())
    assert "L’essentiel de la semaine" in page and "Permanence CEP à Rennes" in page
    for index in range(8):
        make_offer(f"Offre bretonne {index}", regions=["bretagne"])
    client.get(url)  # the shared cache refills after the changes
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)
    assert mail.outbox == []


# Preferences and unsubscribe -------------------------------------------------------------------


def test_preferences_page_saves_each_kind(client, portal, breton):
    url = reverse("notifications:preferences")
    client.force_login(breton)
    page = text_of(client.get(url).content.decode())
    assert "Préférences de notification" in page and "Résumé quotidien" not in page
    assert "Dans le résumé quotidien" in page and "Immédiatement" in page
    response = client.post(
        url,
        {
            "reply": "weekly",
            "new_topic": "never",
            "mention": "immediate",
            "answer_validated": "immediate",
            "membership_approved": "immediate",
            "report_handled": "daily",
            "digest": "daily",
        },
    )
    assert response.status_code == 302
    prefs = NotificationPreferences.objects.get(user=breton)
    assert (prefs.reply, prefs.new_topic, prefs.digest) == ("weekly", "never", "daily")
    assert prefs.follow_own_topics is False  # unchecked box


def test_one_click_unsubscribe_changes_only_that_members_kind(client, portal, breton, make_member):
    other = make_member("sophie", "Sophie M.")
    url = emails.unsubscribe_url(breton, "reply")
    path = url.removeprefix("http://testserver")

    page = client.get(path)
    assert page.status_code == 200
    assert "Ne plus recevoir de courriels pour" in text_of(page.content.decode())
    assert not NotificationPreferences.objects.exists()  # a GET changes nothing

    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    prefs = NotificationPreferences.objects.get(user=breton)
    assert prefs.reply == "never" and prefs.mention == "immediate"
    assert not NotificationPreferences.objects.filter(user=other).exists()


def test_a_forged_or_expired_unsubscribe_link_is_a_french_400(client, portal, breton, monkeypatch):
    genuine = emails.unsubscribe_token(breton, "reply")
    forged = genuine[:-3] + ("AAA" if not genuine.endswith("AAA") else "BBB")
    for token in (forged, "nimportequoi"):
        response = client.post(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Lien de désabonnement invalide" in text_of(response.content.decode())

    monkeypatch.setattr(emails, "UNSUBSCRIBE_MAX_AGE", -1)
    response = client.get(reverse("notifications:unsubscribe", args=[genuine]))
    assert response.status_code == 400
    assert "n’est pas valide ou a expiré" in text_of(response.content.decode())
    assert not NotificationPreferences.objects.exists()


def test_digest_unsubscribe_stops_the_digest(client, portal, breton):
    path = emails.unsubscribe_url(breton, "digest:weekly").removeprefix("http://testserver")
    client.post(path)
    assert NotificationPreferences.objects.get(user=breton).digest == "never"
