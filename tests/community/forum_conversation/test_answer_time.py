"""Answer time as data: ``Topic.first_reply_at`` follows the replies, and the backfill agrees."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from machina.core.db.models import get_model

from community.forum_conversation.answers import refresh_first_reply_at

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
MIGRATIONS = "community.forum_conversation.migrations"


@pytest.fixture
def people(make_member):
    return make_member(), make_member("julien", "Julien L."), make_member("marc", "Marc L.")


def reply(topic, poster, minutes, **fields):
    """A reply written ``minutes`` after the question."""
    post = Post.objects.create(topic=topic, poster=poster, content="Réponse", **fields)
    created = topic.created + timedelta(minutes=minutes)
    Post.objects.filter(pk=post.pk).update(created=created)
    post.created = created
    return post


def first_reply_at(topic):
    return Topic.objects.values_list("first_reply_at", flat=True).get(pk=topic.pk)


def test_first_reply_at_follows_replies_by_others_only(make_topic, people):
    sophie, julien, marc = people
    topic = make_topic(sophie)
    assert first_reply_at(topic) is None
    reply(topic, sophie, 5)
    topic.refresh_from_db()
    assert first_reply_at(topic) is None  # the author's own reply is no answer
    reply(topic, julien, 10, is_hidden=True)
    pending = reply(topic, julien, 20, approved=False)
    assert first_reply_at(topic) is None  # neither hidden nor pending replies count
    second = reply(topic, marc, 30)
    # The reply's save recorded it; ``created`` was moved after the save: recompute once.
    Post.objects.get(pk=second.pk).save()
    assert first_reply_at(topic) == second.created

    # A moderator approves the earlier reply: the topic was answered earlier.
    pending = Post.objects.get(pk=pending.pk)
    pending.approved = True
    pending.save()
    assert first_reply_at(topic) == pending.created

    # That reply is hidden, then deleted: back to the later one, then to none.
    pending.is_hidden = True
    pending.save(update_fields=["is_hidden"])
    assert first_reply_at(topic) == second.created
    Post.objects.get(pk=second.pk).delete()
    assert first_reply_at(topic) is None


def test_a_reply_through_the_forum_records_the_answer_time(client, make_topic, people):
    from tests.community.helpers import reply_url
    from tests.conftest import form_fields

    sophie, julien, _marc = people
    topic = make_topic(sophie)
    client.force_login(julien)
    before = timezone.now()
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Voici ma réponse."
    response = client.post(reply_url(topic), data)
    assert response.status_code == 302
    answered = first_reply_at(topic)
    post = topic.posts.get(poster=julien)
    assert answered == post.created and answered >= before


def test_refresh_first_reply_at_backfills_every_topic(make_topic, people):
    sophie, julien, marc = people
    answered, alone, own = make_topic(sophie), make_topic(sophie), make_topic(julien)
    early = reply(answered, marc, 3)
    reply(answered, julien, 60)
    reply(own, julien, 2)
    Topic.objects.update(first_reply_at=None)
    assert refresh_first_reply_at() == 3
    assert first_reply_at(answered) == early.created
    assert first_reply_at(alone) is None
    assert first_reply_at(own) is None


def test_the_data_migration_backfills_with_the_same_rule(make_topic, people):
    sophie, julien, marc = people
    answered, own = make_topic(sophie), make_topic(julien)
    early = reply(answered, marc, 3)
    reply(answered, julien, 60, is_hidden=True)
    reply(own, julien, 2)
    Topic.objects.update(first_reply_at=timezone.now())
    migration = import_module(
        "community.forum_conversation.migrations.0004_backfill_first_reply_at"
    )
    migration.backfill_first_reply_at(django_apps, None)
    assert first_reply_at(answered) == early.created
    assert first_reply_at(own) is None
