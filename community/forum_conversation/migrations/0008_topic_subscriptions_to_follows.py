"""One follow mechanism: machina's topic subscriptions become the project's follows.

Each (member, topic) subscription becomes a ``Follow`` of that topic (kept once when the member
already followed it), then the subscriptions are emptied: machina's subscribe and unsubscribe
addresses now follow and unfollow (community/forum_member/views.py). Each member concerned gets a
new follows version, so that no cached list of what they follow outlives the migration.
"""

from django.db import migrations

FOLLOWS_VERSION_KEY = "comcep:follows:{user_id}"


def subscriptions_to_follows(apps, schema_editor):
    Topic = apps.get_model("forum_conversation", "Topic")
    Follow = apps.get_model("notifications", "Follow")
    Subscription = Topic.subscribers.through
    rows = list(Subscription.objects.values_list("topic_id", "user_id"))
    if not rows:
        return
    Follow.objects.bulk_create(
        [Follow(topic_id=topic_id, user_id=user_id) for topic_id, user_id in rows],
        ignore_conflicts=True,
        batch_size=1000,
    )
    Subscription.objects.all().delete()
    # bulk_create sends no signal: the followers' cached follows are made obsolete here.
    from django.core.cache import cache

    from cms.performance.invalidation import bump_version

    for user_id in {user_id for _topic_id, user_id in rows}:
        bump_version(FOLLOWS_VERSION_KEY.format(user_id=user_id), cache)


class Migration(migrations.Migration):
    dependencies = [
        ("forum_conversation", "0007_post_submission_token"),
        ("notifications", "0002_preferences_digests_fanout"),
    ]

    operations = [migrations.RunPython(subscriptions_to_follows, migrations.RunPython.noop)]
