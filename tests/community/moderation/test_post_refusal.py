"""Refusing a held post explains and loses nothing: a reason is required, the author is told
and e-mailed with the reason and their text, and keeps it in "Mes messages refusés" for 30 days;
the queue item says why the post waits and highlights the personal data found."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from community.moderation.models import ModerationLogEntry, RefusedPost
from community.moderation.refusals import refuse_post
from community.notifications.models import Notification
from tests.community.helpers import check_page
from tests.conftest import text_of
from tests.factories import MemberFactory, TopicFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

NIR = "2 69 05 49 588 157 80"
TEXT = (
    "Bonjour, une personne accompagnée veut financer une VAE.\n"
    f"Son NIR est {NIR}, je n’arrive pas à ouvrir son compte CPF. Une idée ?"
)


@pytest.fixture
def moderator(portal):
    return MemberFactory(username="karim", display_name="Karim B.", moderator=True)


@pytest.fixture
def author(portal):
    return MemberFactory(username="amina", display_name="Amina K.")


@pytest.fixture
def held_reply(rubric, author):
    topic = TopicFactory(forum=rubric, poster=MemberFactory(), subject="Ouvrir un compte CPF")
    return Post.objects.create(topic=topic, poster=author, content=TEXT, approved=False)


def refuse_url(post):
    return reverse("forum_moderation:disapprove_queued_post", kwargs={"pk": post.pk})


def test_the_queue_item_says_why_the_post_waits_and_highlights_the_personal_data(
    client, moderator, held_reply
):
    client.force_login(moderator)
    url = reverse("forum_moderation:queued_post", kwargs={"pk": held_reply.pk})
    html = client.get(url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    reason = text_of(str(soup.select_one(".held-reason")))
    assert "Son auteur a confirmé qu’il contient des données personnelles" in reason
    assert "numéro de sécurité sociale" in reason
    assert [mark.get_text() for mark in soup.select(".post-content mark")] == [NIR]
    check_page(html, url)

    # A new member's first post, without personal data, says so.
    newcomer_post = Post.objects.create(
        topic=held_reply.topic, poster=MemberFactory(), content="Bonjour à tous !", approved=False
    )
    url = reverse("forum_moderation:queued_post", kwargs={"pk": newcomer_post.pk})
    reason = text_of(client.get(url).content.decode())
    assert "Les premiers messages d’un nouveau membre sont relus" in reason


def test_refusing_requires_a_reason(client, moderator, held_reply):
    client.force_login(moderator)
    html = client.get(refuse_url(held_reply)).content.decode()
    check_page(html, refuse_url(held_reply))
    assert "Pourquoi ce message est-il refusé ?" in text_of(html)

    response = client.post(refuse_url(held_reply), {"reason": "", "explanation": ""})

    assert response.status_code == 400
    assert "Choisissez le motif du refus." in text_of(response.content.decode())
    assert Post.objects.filter(pk=held_reply.pk).exists()
    assert not RefusedPost.objects.exists()

    # "Another reason" needs the explanation.
    response = client.post(refuse_url(held_reply), {"reason": "other", "explanation": ""})
    assert response.status_code == 400
    assert "Expliquez le motif à l’auteur." in text_of(response.content.decode())
    assert Post.objects.filter(pk=held_reply.pk).exists()


def test_the_author_is_notified_and_e_mailed_with_the_reason_and_their_text(
    client, moderator, author, held_reply, django_capture_on_commit_callbacks
):
    topic = held_reply.topic
    mail.outbox.clear()
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            refuse_url(held_reply),
            {
                "reason": "personal_data",
                "explanation": "Retirez le numéro et reformulez sans identifier la personne.",
            },
        )

    assert response.status_code == 302
    assert not Post.objects.filter(pk=held_reply.pk).exists()
    # The notification, leading to "Mes messages refusés".
    notification = Notification.objects.get(recipient=author)
    assert notification.kind == Notification.Kind.POST_REFUSED
    assert notification.topic == topic
    client.force_login(author)
    centre = text_of(client.get(reverse("notifications:list")).content.decode())
    assert "a été refusé par les modérateurs" in centre
    opened = client.get(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert opened.url == reverse("community:refused_posts")
    # The e-mail: the reason, the explanation, the whole text (the NIR masked in it).
    [message] = [m for m in mail.outbox if m.to == [author.email]]
    body = message.body
    assert "Motif : Données personnelles d’une personne accompagnée" in body
    assert "Retirez le numéro et reformulez sans identifier la personne." in body
    assert "Bonjour, une personne accompagnée veut financer une VAE." in body
    assert "Son NIR est [NIR masqué], je n’arrive pas à ouvrir son compte CPF. Une idée ?" in body
    assert "588" not in body and "588" not in message.alternatives[0][0]
    assert "Mes messages refusés" in body and "pendant 30 jours" in body
    # "Mes messages refusés": the text as written, the reason, a link back to the topic.
    url = reverse("community:refused_posts")
    html = client.get(url).content.decode()
    check_page(html, url)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("textarea.refused-post__text").get_text().strip() == TEXT
    page = text_of(html)
    assert "Données personnelles d’une personne accompagnée" in page
    assert "Revenir au sujet « Ouvrir un compte CPF »" in page
    # Nobody else reads it, moderators included.
    for other in (moderator, MemberFactory()):
        client.force_login(other)
        assert NIR not in client.get(url).content.decode()
    client.logout()
    assert client.get(url).status_code == 302


def test_a_refused_new_topic_is_kept_for_its_author_though_the_topic_is_gone(
    rubric, author, moderator, django_capture_on_commit_callbacks
):
    topic = TopicFactory(
        forum=rubric, poster=author, subject="Mon premier sujet", content=TEXT, approved=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        refused = refuse_post(topic.first_post, moderator, "off_topic")
    assert not Topic.objects.filter(pk=topic.pk).exists()
    refused.refresh_from_db()
    assert refused.was_new_topic and refused.subject == "Mon premier sujet"
    assert refused.content == TEXT and refused.topic is None
    assert Notification.objects.get(recipient=author).kind == Notification.Kind.POST_REFUSED


def test_refused_posts_are_purged_after_30_days(author, moderator, rubric):
    def refused(days_ago):
        row = RefusedPost.objects.create(
            author=author, forum=rubric, content=f"Texte {days_ago}", reason="off_topic"
        )
        RefusedPost.objects.filter(pk=row.pk).update(
            refused_at=timezone.now() - timedelta(days=days_ago)
        )
        return row

    recent, old = refused(29), refused(31)
    out = io.StringIO()
    call_command("purge_refused_posts", stdout=out)
    assert "1 refused post(s)" in out.getvalue()
    assert list(RefusedPost.objects.all()) == [recent]
    assert not RefusedPost.objects.filter(pk=old.pk).exists()


def test_refused_posts_page_queries_do_not_grow_with_the_list(
    client, author, rubric, django_assert_num_queries
):
    client.force_login(author)
    url = reverse("community:refused_posts")

    def add(count):
        for n in range(count):
            topic = TopicFactory(forum=rubric, poster=MemberFactory())
            RefusedPost.objects.create(
                author=author, forum=rubric, topic=topic, content=f"Texte {n}", reason="charter"
            )

    def queries():
        client.get(url)  # warm the caches of the request
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    few = queries()
    add(6)
    assert queries() == few


def test_the_log_keeps_the_refusal_without_the_personal_data(moderator, held_reply):
    refuse_post(held_reply, moderator, "personal_data", "Voir le NIR " + NIR)
    entry = ModerationLogEntry.objects.get(action=ModerationLogEntry.Action.REJECT_POST)
    assert "Données personnelles d’une personne accompagnée" in entry.details
    assert "[NIR masqué]" in entry.details
    assert "588" not in entry.details
