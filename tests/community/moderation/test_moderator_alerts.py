"""Moderators told at once: a report, a held post and a waiting sign-up each notify exactly the
moderators of what they are about (the pilot rubric's own moderators there), by a notification
and an e-mail at once by default; the header shows each moderator what waits for them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from machina.core.db.models import get_model

from community.accounts.roles import (
    COUNSELLORS_GROUP,
    MODERATORS_GROUP,
    PILOT_GROUP,
    PILOT_MODERATORS_GROUP,
)
from community.notifications.models import Delivery, Notification, NotificationPreferences
from tests.community.helpers import reply_url, rubric_url
from tests.conftest import form_fields, text_of
from tests.factories import MemberFactory, TopicFactory

Post = get_model("forum_conversation", "Post")
User = get_user_model()


@pytest.fixture
def people(portal, rubric, pilot_rubric, make_member):
    """Who could be told: the general moderators, the pilot rubric's moderator, a superuser
    without a moderator role, members."""
    return {
        "karim": make_member("karim", "Karim B.", groups=(COUNSELLORS_GROUP, MODERATORS_GROUP)),
        "lea": make_member("lea", "Léa D.", groups=(COUNSELLORS_GROUP, MODERATORS_GROUP)),
        "paul": make_member(
            "paul", "Paul V.", groups=(COUNSELLORS_GROUP, PILOT_GROUP, PILOT_MODERATORS_GROUP)
        ),
        "admin": make_member("admin", "Administrateur", groups=(), is_superuser=True),
        "sophie": make_member("sophie", "Sophie M."),
        "nadia": make_member("nadia", "Nadia R.", groups=(COUNSELLORS_GROUP, PILOT_GROUP)),
        "suspended": make_member(
            "ancien", "Ancien modérateur", groups=(MODERATORS_GROUP,), status=User.Status.SUSPENDED
        ),
    }


def told(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def mailed(subject_part):
    return {
        address.split("@")[0] for m in mail.outbox if subject_part in m.subject for address in m.to
    }


def usernames_by_email(people):
    return {member.email.split("@")[0]: name for name, member in people.items()}


def report(client, member, post):
    client.force_login(member)
    response = client.post(
        reverse("community:report_post", kwargs={"post_pk": post.pk}), {"reason": "abuse"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("where", ["public", "pilot"])
def test_a_report_notifies_exactly_the_moderators_of_its_rubric(
    where, client, people, rubric, pilot_rubric, django_capture_on_commit_callbacks
):
    forum, reporter, expected = {
        "public": (rubric, people["sophie"], {"karim", "lea"}),
        "pilot": (pilot_rubric, people["nadia"], {"paul"}),
    }[where]
    topic = TopicFactory(forum=forum, poster=people["nadia"], subject="Un sujet signalé")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report(client, reporter, topic.first_post)

    assert told(Notification.Kind.NEW_REPORT) == expected
    names = usernames_by_email(people)
    assert {names[n] for n in mailed("Un sujet signalé")} == expected
    notification = Notification.objects.filter(kind=Notification.Kind.NEW_REPORT).first()
    assert notification.post == topic.first_post and notification.actor == reporter


@pytest.mark.parametrize("where", ["public", "pilot"])
def test_a_held_post_notifies_exactly_the_moderators_of_its_rubric(
    where, client, people, rubric, pilot_rubric, django_capture_on_commit_callbacks
):
    forum, expected, groups = {
        "public": (rubric, {"karim", "lea"}, (COUNSELLORS_GROUP,)),
        "pilot": (pilot_rubric, {"paul"}, (COUNSELLORS_GROUP, PILOT_GROUP)),
    }[where]
    newcomer = MemberFactory(
        username="newcomer", role_groups=groups, premoderated_posts_remaining=2
    )
    topic = TopicFactory(forum=forum, poster=people["nadia"], subject="Accueillir un public jeune")
    mail.outbox.clear()
    client.force_login(newcomer)
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Ma première réponse : les missions locales accueillent les 16-25 ans."

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url(topic), data)

    assert response.status_code == 302
    held = topic.posts.get(poster=newcomer)
    assert not held.approved
    assert told(Notification.Kind.POST_HELD) == expected
    names = usernames_by_email(people)
    assert {names[n] for n in mailed("Accueillir un public jeune")} == expected
    # The moderator's notification leads to the post in the queue.
    moderator = people[sorted(expected)[0]]
    client.force_login(moderator)
    centre = client.get(reverse("notifications:list")).content.decode()
    assert "attend votre validation" in text_of(centre)
    notification = Notification.objects.get(kind=Notification.Kind.POST_HELD, recipient=moderator)
    response = client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.url == reverse("forum_moderation:queued_post", kwargs={"pk": held.pk})


def test_a_waiting_sign_up_notifies_exactly_the_general_moderators(
    client, people, django_capture_on_commit_callbacks
):
    applicant = MemberFactory(
        username="ines",
        email="ines.moreau@structure-inconnue.example",
        role_groups=(),
        status=User.Status.PENDING,
        email_confirmed=False,
        is_active=False,
    )
    mail.outbox.clear()
    uid = urlsafe_base64_encode(force_bytes(applicant.pk))
    token = default_token_generator.make_token(applicant)

    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("accounts:confirm_email", kwargs={"uidb64": uid, "token": token}))

    applicant.refresh_from_db()
    assert applicant.email_confirmed and applicant.status == User.Status.PENDING
    assert told(Notification.Kind.MEMBER_WAITING) == {"karim", "lea"}
    names = usernames_by_email(people)
    assert {names[n] for n in mailed("inscription") if n in names} == {"karim", "lea"}


def test_a_moderator_who_prefers_the_digest_gets_the_notification_without_an_e_mail(
    client, people, rubric, django_capture_on_commit_callbacks
):
    NotificationPreferences.objects.create(user=people["lea"], new_report=Delivery.DAILY)
    topic = TopicFactory(forum=rubric, poster=people["nadia"], subject="Un sujet signalé")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report(client, people["sophie"], topic.first_post)

    assert told(Notification.Kind.NEW_REPORT) == {"karim", "lea"}
    assert [m.to for m in mail.outbox] == [[people["karim"].email]]


def test_the_header_shows_moderators_what_waits_for_them(client, people, rubric, pilot_rubric):
    topic = TopicFactory(forum=rubric, poster=people["sophie"])
    TopicFactory(forum=rubric, poster=people["sophie"], approved=False)  # held: 1 post
    TopicFactory(forum=pilot_rubric, poster=people["nadia"], approved=False)  # pilot: 1 post
    from community.moderation.models import PostReport

    PostReport.objects.create(post=topic.first_post, reporter=people["nadia"], reason="abuse")
    MemberFactory(username="ines", role_groups=(), status=User.Status.PENDING, email_confirmed=True)

    def badge(member):
        client.force_login(member)
        soup = BeautifulSoup(client.get("/").content.decode(), "html.parser")
        link = soup.select_one(".account-nav__moderation")
        if link is None:
            return None
        count = link.select_one("[data-moderation-count]")
        return int(count["data-moderation-count"]) if count else 0

    # karim: the report, the held topic, the sign-up; paul: the pilot post only.
    assert badge(people["karim"]) == 3
    assert badge(people["paul"]) == 1
    assert badge(people["sophie"]) is None


def test_the_moderator_s_count_follows_the_queue_with_the_production_caches_on(
    client, people, rubric, django_capture_on_commit_callbacks
):
    from django.core.cache import caches
    from django.test import Client

    from tests.cms.performance.page_cache_support import page_cache_settings

    with page_cache_settings("comcep-test-moderation-count"):
        for alias in ("default", "pages"):
            caches[alias].clear()
        moderator = Client()
        moderator.force_login(people["karim"])

        def count():
            for url in ("/", rubric_url(rubric)):
                soup = BeautifulSoup(moderator.get(url).content.decode(), "html.parser")
                badge = soup.select_one("[data-moderation-count]")
                yield int(badge["data-moderation-count"]) if badge else 0

        topic = TopicFactory(forum=rubric, poster=people["sophie"], subject="Sujet à signaler")
        assert set(count()) == {0}
        with django_capture_on_commit_callbacks(execute=True):
            report(client, people["nadia"], topic.first_post)
        assert set(count()) == {1}  # the report, at the next request of each page
        from community.moderation.models import PostReport

        report_row = PostReport.objects.get()
        response = moderator.post(
            reverse("community:report_action", kwargs={"pk": report_row.pk}),
            {"action": "dismiss", "message": ""},
        )
        assert response.status_code == 302
        assert set(count()) == {0}
        for alias in ("default", "pages"):
            caches[alias].clear()
