"""Questions avoided: suggested discussions opened from the new-topic form.

``record_opening`` keeps one ``SuggestionOpening`` per member and discussion within the delay
(opening the same suggestion again meanwhile records nothing). ``avoided_questions`` counts, over
a period, the openings not followed by a topic from the same member within
``COMCEP_AVOIDED_QUESTION_MINUTES``: the member found their answer rather than asking. The topics
looked for are any the member posted (waiting for approval included: they did ask), read only to
know whether one exists; one query.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, OuterRef
from django.utils import timezone
from machina.core.db.models import get_model

from .models import SuggestionOpening

Topic = get_model("forum_conversation", "Topic")


def delay():
    return timedelta(minutes=settings.COMCEP_AVOIDED_QUESTION_MINUTES)


def record_opening(member, topic):
    """``member`` opened the suggested ``topic``: recorded once per delay."""
    since = timezone.now() - delay()
    recent = SuggestionOpening.objects.filter(member=member, topic=topic, opened_at__gte=since)
    if not recent.exists():
        SuggestionOpening.objects.create(member=member, topic=topic)


def openings_between(start, end):
    return SuggestionOpening.objects.filter(opened_at__gte=start, opened_at__lt=end)


def avoided_questions(start, end):
    """{"opened": suggestions opened, "avoided": of them, not followed by a topic of the same
    member within the delay} for openings between ``start`` and ``end``: one query."""
    asked = Topic.objects.filter(
        poster=OuterRef("member"),
        created__gte=OuterRef("opened_at"),
        created__lte=ExpressionWrapper(OuterRef("opened_at") + delay(), DateTimeField()),
    )
    return openings_between(start, end).aggregate(
        opened=Count("pk"), avoided=Count("pk", filter=~Exists(asked))
    )
