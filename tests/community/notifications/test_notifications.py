"""Follows, @mentions and notifications: who is told of what, never of what they may not read."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.core.db.models import get_model

from community.accounts import membership
from community.forum_conversation.markup import render_markdown
from community.forum_conversation.signals import answer_validated
from community.moderation import services as moderation
from community.moderation.models import PostReport
from community.notifications.models import Follow, Notification, NotificationPreferences
from tests.community.helpers import reply_url, rubric_url, topic_url
from tests.conftest import form_fields, text_of
from tests.factories import MemberFactory, TopicFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


@pytest.fixture
def julien(make_member):
    return make_member("julien", "Julien P. (Apec)")


@pytest.fixture
def sophie(counsellor):
    return counsellor


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run what commits trigger (the tasks: immediate backend in tests)."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def reply(topic, poster, content="Voici ma réponse.", **fields):
    return Post.objects.create(topic=topic, poster=poster, content=content, **fields)


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


# Follow ---------------------------------------------------------------------------------------


def test_member_follows_a_topic_with_the_button_then_stops(client, sophie, julien, make_topic):
    topic = make_topic(sophie)
    client.force_login(julien)
    html = client.get(topic_url(topic)).content.decode()
    data = form_fields(html, "form.follow-form")
    assert "Suivre ce sujet" in text_of(html)
    response = client.post(reverse("notifications:follow"), data, follow=True)
    assert Follow.objects.filter(user=julien, topic=topic).exists()
    assert "Ne plus suivre ce sujet" in text_of(response.content.decode())

    data = form_fields(response.content.decode(), "form.follow-form")
    client.post(reverse("notifications:follow"), data)
    assert not Follow.objects.filter(user=julien, topic=topic).exists()


def test_rubric_and_theme_pages_have_follow_buttons(client, julien, rubric, themes):
    client.force_login(julien)
    assert "Suivre cette rubrique" in text_of(client.get(rubric_url(rubric)).content.decode())
    theme_page = client.get(reverse("community:theme", args=[themes[0].slug])).content.decode()
    assert "Suivre cette thématique" in text_of(theme_page)
    client.post(reverse("notifications:follow"), {"target": "forum", "pk": rubric.pk})
    client.post(reverse("notifications:follow"), {"target": "theme", "pk": themes[0].pk})
    page = text_of(client.get(reverse("notifications:follows")).content.decode())
    assert "Accueil et posture" in page and themes[0].name in page


def test_anonymous_sees_no_follow_button_and_cannot_follow(client, sophie, make_topic):
    topic = make_topic(sophie)
    assert "follow-form" not in client.get(topic_url(topic)).content.decode()
    response = client.post(reverse("notifications:follow"), {"target": "topic", "pk": topic.pk})
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    assert not Follow.objects.exists()


def test_a_member_cannot_follow_what_they_may_not_read(client, julien, pilot_rubric, make_topic):
    pilot_topic = make_topic(julien, forum=pilot_rubric)
    client.force_login(julien)
    for target, pk in (("topic", pilot_topic.pk), ("forum", pilot_rubric.pk)):
        response = client.post(reverse("notifications:follow"), {"target": target, "pk": pk})
        assert response.status_code == 404
    assert not Follow.objects.exists()


def test_replying_follows_the_topic_unless_turned_off(sophie, julien, make_topic, publish):
    topic = make_topic(sophie)
    publish(reply, topic, julien)
    assert Follow.objects.filter(user=julien, topic=topic).exists()

    other = make_topic(sophie, subject="Autre sujet")
    NotificationPreferences.objects.create(user=julien, follow_own_topics=False)
    publish(reply, other, julien)
    assert not Follow.objects.filter(user=julien, topic=other).exists()


# Notifications and e-mails ----------------------------------------------------------------------


def test_reply_in_a_followed_topic_notifies_and_emails_the_follower(
    client, sophie, julien, make_topic, publish
):
    topic = make_topic(sophie)
    Follow.objects.create(user=sophie, topic=topic)
    mail.outbox.clear()
    publish(reply, topic, julien, "Je propose un atelier.")

    assert kinds(sophie) == ["reply"]
    assert kinds(julien) == []  # never the actor
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [sophie.email]
    assert "Nouvelle réponse" in message.subject and topic.subject in message.subject
    assert "Julien P. (Apec) a répondu" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/notifications/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Bonjour" in html
    assert julien.email not in message.body


def test_new_topic_in_a_followed_rubric_or_theme_is_notified_for_the_daily_digest(
    sophie, julien, rubric, themes, publish
):
    Follow.objects.create(user=julien, forum=rubric)
    mail.outbox.clear()
    publish(TopicFactory, forum=rubric, poster=sophie, subject="Question neuve")
    assert kinds(julien) == ["new_topic"]
    assert mail.outbox == []  # new topics: daily digest by default


def test_mention_links_to_the_profile_and_notifies(sophie, julien, make_topic, publish):
    html = render_markdown("Qu’en pense @julien ? Et @inconnu ? `@julien` en code.")
    profile = reverse("forum_member:profile", kwargs={"pk": julien.pk})
    assert f'<a href="{profile}" class="mention">@julien</a>' in html
    assert "@inconnu" in html and "inconnu</a>" not in html
    assert "<code>@julien</code>" in html

    mail.outbox.clear()
    publish(make_topic, sophie, content="Bonjour @julien, une idée ?")
    assert kinds(julien) == ["mention"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [julien.email]


def test_a_pilot_topic_or_mention_never_reaches_a_non_member(
    sophie, julien, pilot_counsellor, pilot_rubric, publish
):
    # Rows made by hand (or left from before a change of roles): visibility decides anyway.
    Follow.objects.create(user=julien, forum=pilot_rubric)
    Follow.objects.create(user=sophie, forum=pilot_rubric)
    mail.outbox.clear()
    topic = publish(
        TopicFactory,
        forum=pilot_rubric,
        poster=pilot_counsellor,
        content="Secret du pilote, @julien et @sophie",
    )
    publish(reply, topic, pilot_counsellor, "Encore @julien")
    assert kinds(julien) == [] and kinds(sophie) == []
    assert mail.outbox == []


def test_a_hidden_post_triggers_nothing_and_a_pending_one_waits_for_approval(
    sophie, julien, make_topic, publish
):
    topic = make_topic(sophie)
    Follow.objects.create(user=sophie, topic=topic)
    publish(reply, topic, julien, "Masqué @sophie", is_hidden=True)
    pending = publish(reply, topic, julien, "En attente", approved=False)
    assert kinds(sophie) == []

    pending.approved = True
    publish(pending.save)
    assert kinds(sophie) == ["reply"]
    publish(pending.save)  # saved again (an edit): no second notification
    assert kinds(sophie) == ["reply"]


def test_validated_answer_approved_membership_and_handled_report_notify(
    sophie, julien, moderator, make_topic, publish
):
    topic = make_topic(sophie)
    answer = publish(reply, topic, julien)
    topic.validated_post = answer
    topic.save()
    publish(answer_validated.send, sender=Topic, topic=topic, post=answer, user=sophie)
    assert "answer_validated" in kinds(julien)

    newcomer = MemberFactory(username="ines", pending=True)
    mail.outbox.clear()
    publish(membership.approve, newcomer, moderator)
    assert kinds(newcomer) == ["membership_approved"]
    assert [m.to for m in mail.outbox] == [[newcomer.email]]

    report = PostReport.objects.create(post=answer, reporter=sophie, reason=PostReport.Reason.ABUSE)
    publish(moderation.dismiss, report, moderator)
    assert "report_handled" in kinds(sophie)


# Notification centre --------------------------------------------------------------------------


def test_centre_header_count_read_on_open_and_mark_all_read(
    client, sophie, julien, make_topic, publish
):
    topic = make_topic(sophie)
    Follow.objects.create(user=sophie, topic=topic)
    answer = publish(reply, topic, julien)
    publish(reply, topic, julien, "Deuxième réponse")
    client.force_login(sophie)

    home = client.get(reverse("notifications:list")).content.decode()
    assert 'data-unread-count="2"' in home
    page = text_of(home)
    assert "Julien P. (Apec) a répondu à « Rester neutre face à l’urgence »." in page

    notification = Notification.objects.filter(recipient=sophie).order_by("pk").first()
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?post={answer.pk}#{answer.pk}")
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'data-unread-count="1"' in client.get(reverse("notifications:list")).content.decode()

    client.post(reverse("notifications:mark_all_read"))
    assert "data-unread-count" not in client.get(reverse("notifications:list")).content.decode()


def test_centre_is_for_members_and_only_their_own(client, sophie, julien, make_topic, publish):
    topic = make_topic(sophie)
    Follow.objects.create(user=sophie, topic=topic)
    publish(reply, topic, julien)
    notification = Notification.objects.get(recipient=sophie)
    assert client.get(reverse("notifications:list")).status_code == 302
    client.force_login(julien)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_centre_hides_a_topic_moved_into_the_pilot_rubric(
    client, sophie, julien, make_topic, pilot_rubric, publish
):
    topic = make_topic(sophie, subject="Sujet bientôt déplacé")
    Follow.objects.create(user=sophie, topic=topic)
    publish(reply, topic, julien)
    topic.forum = pilot_rubric
    topic.save()
    client.force_login(sophie)
    assert "Sujet bientôt déplacé" not in client.get(reverse("notifications:list")).content.decode()


def test_anonymous_pages_make_no_notification_query(client, sophie, make_topic):
    topic = make_topic(sophie)
    with CaptureQueriesContext(connection) as queries:
        client.get(topic_url(topic))
    assert not [q for q in queries if "notifications_notification" in q["sql"]]


def test_centre_query_count_does_not_grow_with_notifications(
    client, sophie, make_member, make_topic, publish
):
    others = [make_member(f"membre{i}", f"Membre {i}") for i in range(3)]

    def add(number):
        for index in range(number):
            topic = make_topic(others[index % 3], subject=f"Sujet {index}")
            Follow.objects.create(user=sophie, topic=topic)
            publish(reply, topic, others[(index + 1) % 3], "Réponse @sophie")

    def measure():
        client.get(reverse("notifications:list"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("notifications:list"))
        assert response.status_code == 200
        return len(queries)

    client.force_login(sophie)
    add(2)
    small = measure()
    add(12)
    assert Notification.objects.filter(recipient=sophie).count() >= 14
    assert measure() == small


def test_reply_fan_out_costs_the_same_for_10_and_1000_followers(
    sophie, julien, make_topic, django_capture_on_commit_callbacks
):
    from community.notifications.tasks import fan_out_post
    from tests.factories import MemberFactory

    def fan_out(number):
        topic = make_topic(sophie, subject=f"Sujet suivi par {number}")
        members = MemberFactory.create_batch(number)
        Follow.objects.bulk_create([Follow(user=m, topic=topic) for m in members])
        post = reply(topic, julien)  # not committed here: fan out explicitly below
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False),
        ):
            fan_out_post.call(post.pk)
        assert Notification.objects.filter(post=post, kind="reply").count() == number
        return len(queries)

    assert fan_out(10) == fan_out(1000)


def test_reply_request_only_enqueues(
    client, sophie, julien, make_topic, django_capture_on_commit_callbacks
):
    topic = make_topic(sophie)
    Follow.objects.create(user=sophie, topic=topic)
    client.force_login(julien)
    data = form_fields(client.get(reply_url(topic)).content.decode())
    data["content"] = "Réponse par le formulaire"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reply_url(topic), data)
    assert response.status_code == 302
    assert Notification.objects.count() == 0  # nothing done in the request
    assert callbacks  # the fan-out is enqueued on commit
    for callback in callbacks:
        callback()
    assert kinds(sophie) == ["reply"]


def test_subscriptions_page_query_count_does_not_grow(client, sophie, julien, make_topic, themes):
    url = reverse("notifications:follows")
    client.force_login(julien)

    def add(start, number):
        for index in range(start, start + number):
            Follow.objects.create(user=julien, topic=make_topic(sophie, subject=f"Sujet {index}"))

    def measure():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return len(queries), text_of(response.content.decode())

    add(0, 2)
    Follow.objects.create(user=julien, theme=themes[0])
    small, page = measure()
    assert "Sujet 1" in page and "Ne plus suivre ce sujet" in page
    add(2, 10)
    Follow.objects.create(user=julien, theme=themes[1])
    large, page = measure()
    assert "Sujet 11" in page
    assert small == large


def test_theme_followers_hear_of_new_topics_and_preferences_silence_e_mails(
    sophie, julien, make_member, rubric, themes, publish
):
    nadia = make_member("nadia", "Nadia R.")
    Follow.objects.create(user=julien, theme=themes[0])
    NotificationPreferences.objects.create(user=julien, new_topic="immediate")
    NotificationPreferences.objects.create(user=nadia, mention="never")
    mail.outbox.clear()

    def create():
        topic = TopicFactory(forum=rubric, poster=sophie, content="Avis de @nadia ?")
        topic.themes.set([themes[0]])

    publish(create)
    assert kinds(julien) == ["new_topic"] and kinds(nadia) == ["mention"]
    assert [m.to for m in mail.outbox] == [[julien.email]]  # nadia chose "never" for mentions


def test_themes_saved_after_the_first_post_still_reach_their_followers_once(
    sophie, julien, rubric, themes, publish
):
    Follow.objects.create(user=julien, theme=themes[0])
    Follow.objects.create(user=julien, theme=themes[1])
    topic = publish(TopicFactory, forum=rubric, poster=sophie, subject="Sujet thématique")
    assert kinds(julien) == []
    publish(topic.themes.set, [themes[0]])
    assert kinds(julien) == ["new_topic"]
    publish(topic.themes.add, themes[1])
    assert kinds(julien) == ["new_topic"]
