"""Questions still waiting for an answer after ``COMCEP_UNANSWERED_DELAY_HOURS``."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")


def unanswered_delay():
    return timedelta(hours=settings.COMCEP_UNANSWERED_DELAY_HOURS)


def unanswered_topics(topics, now=None):
    """Of ``topics`` (already limited to what the reader may see), the questions still waiting.

    A question waits when it is approved, open (neither locked nor moved), nobody but its author
    has answered it (``first_reply_at`` is empty) and it was asked more than the delay ago.
    """
    now = now or timezone.now()
    return (
        topics.filter(
            approved=True,
            status=Topic.TOPIC_UNLOCKED,
            first_reply_at__isnull=True,
            created__lte=now - unanswered_delay(),
        )
        .select_related("forum", "poster")
        .order_by("created", "pk")
    )


def unanswered_for_moderator(user, handler):
    """The waiting questions of the rubrics ``user`` moderates (``handler``: machina's)."""
    forums = handler.get_moderation_queue_forums(user)
    return unanswered_topics(Topic.objects.visible_to(user, handler).filter(forum__in=forums))
