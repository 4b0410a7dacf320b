"""One follow mechanism: machina's topic subscriptions are migrated to the project's follows, and
machina's subscribe addresses follow through the project's mechanism."""

import importlib

from django.apps import apps
from django.urls import reverse

from community.notifications.models import Follow
from tests.community.helpers import topic_url
from tests.factories import MemberFactory

migration = importlib.import_module(
    "community.forum_conversation.migrations.0008_topic_subscriptions_to_follows"
)


def test_existing_subscriptions_become_follows(make_topic, counsellor):
    julien = MemberFactory(username="julien")
    first = make_topic(counsellor, subject="Premier sujet")
    second = make_topic(counsellor, subject="Second sujet")
    first.subscribers.add(counsellor, julien)
    second.subscribers.add(julien)
    Follow.objects.create(user=julien, topic=first)  # already followed: kept once

    migration.subscriptions_to_follows(apps, None)

    follows = set(
        Follow.objects.filter(topic__isnull=False).values_list("user__username", "topic_id")
    )
    assert follows == {("sophie", first.pk), ("julien", first.pk), ("julien", second.pk)}
    assert not first.subscribers.exists() and not second.subscribers.exists()
    migration.subscriptions_to_follows(apps, None)  # run again: nothing changes
    assert Follow.objects.filter(topic__isnull=False).count() == 3


def test_machina_subscribe_addresses_use_the_projects_follows(client, make_topic, counsellor):
    topic = make_topic(MemberFactory(username="claire"), subject="Rester neutre")
    client.force_login(counsellor)
    response = client.post(reverse("forum_member:topic_subscribe", args=[topic.pk]))
    assert response.status_code == 302 and response["Location"] == topic_url(topic)
    assert Follow.objects.filter(user=counsellor, topic=topic).exists()
    assert not topic.subscribers.exists()
    page = client.get(topic_url(topic)).content.decode()
    assert "Ne plus suivre ce sujet" in page

    client.post(reverse("forum_member:topic_unsubscribe", args=[topic.pk]))
    assert not Follow.objects.filter(user=counsellor, topic=topic).exists()
    listing = client.get(reverse("forum_member:user_subscriptions"))
    assert listing.status_code == 302 and listing["Location"] == reverse("notifications:follows")
