"""Questions still waiting for an answer after ``COMCEP_UNANSWERED_DELAY_HOURS``."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from machina.core.db.models import get_model

from community.experts.selectors import referent_theme_ids

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


def unanswered_for_recipient(user, handler):
    """The waiting questions ``user`` hears of in the daily alert: those of the rubrics they
    moderate and, for a référent·e (community/experts), those of their themes they may read."""
    forums = handler.get_moderation_queue_forums(user)
    theme_ids = referent_theme_ids(user)
    scope = Q(forum__in=forums)
    if theme_ids:
        scope |= Q(
            pk__in=Topic.themes.through.objects.filter(theme_id__in=theme_ids).values("topic_id")
        )
    return unanswered_topics(Topic.objects.visible_to(user, handler).filter(scope))
