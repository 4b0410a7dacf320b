"""A topic's views counter (machina's ``views_count``, shown nowhere on the portal), written in
batches: machina writes it on every visit (one UPDATE a page view); here each process counts the
visits of a topic and adds them this many at a time. A process that stops loses the visits it had
not written yet (fewer than this many per topic)."""

from collections import Counter

from django.db.models import F
from machina.core.db.models import get_model

from cms.performance.invalidation import update

VIEWS_BATCH = 20
unwritten_views = Counter()


def count_view(topic_pk):
    unwritten_views[topic_pk] += 1
    if unwritten_views[topic_pk] >= VIEWS_BATCH:
        count = unwritten_views.pop(topic_pk)
        Topic = get_model("forum_conversation", "Topic")
        update(Topic.objects.filter(pk=topic_pk), keys=(), views_count=F("views_count") + count)


def on_topic_viewed(sender, topic, **kwargs):
    """Instead of machina's ``update_topic_counter`` (connected in the app's ``ready()``)."""
    count_view(topic.pk)
