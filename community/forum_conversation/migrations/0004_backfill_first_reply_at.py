"""Record when each existing topic was first answered by someone other than its author."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def backfill_first_reply_at(apps, schema_editor):
    # The historical models (this migration must not import today's code): the same rule as
    # community/forum_conversation/answers.py, an approved, visible reply by someone else.
    Topic = apps.get_model("forum_conversation", "Topic")
    Post = apps.get_model("forum_conversation", "Post")
    replies = (
        Post.objects.filter(topic=OuterRef("pk"), approved=True, is_hidden=False)
        .exclude(poster=OuterRef("poster"))
        .exclude(pk=OuterRef("first_post"))
        .order_by()
        .values("topic")
        .annotate(first=Min("created"))
        .values("first")[:1]
    )
    Topic.objects.update(first_reply_at=Subquery(replies))


class Migration(migrations.Migration):
    dependencies = [
        ("forum_conversation", "0003_topic_first_reply_at_topic_validated_post"),
    ]

    operations = [
        migrations.RunPython(backfill_first_reply_at, migrations.RunPython.noop, elidable=True),
    ]
