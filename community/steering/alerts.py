"""The daily summary of unanswered questions: one e-mail a day to each moderator concerned."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from machina.apps.forum_permission.handler import PermissionHandler

from community.accounts.roles import MODERATORS_GROUP, PILOT_MODERATORS_GROUP

from .models import UnansweredAlert
from .tasks import send_unanswered_alert
from .unanswered import unanswered_for_recipient


def moderators():
    """The members who receive the daily alert: the moderators, and the référent·es of a theme
    (community/experts), who hear of the waiting questions of their themes."""
    User = get_user_model()
    return (
        User.approved_members()
        .filter(
            Q(groups__name__in=(MODERATORS_GROUP, PILOT_MODERATORS_GROUP))
            | Q(referent_roles__theme__isnull=False)
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def queue_daily_alerts(today=None):
    """Queue today's summary for each moderator with waiting questions; return how many.

    Each moderator hears only of the rubrics they moderate (the pilot rubric reaches only its
    own moderators), each référent·e of the questions of their themes they may read. A recipient
    already alerted today is skipped, so running this twice a day sends one e-mail; a day with
    nothing waiting sends nothing.
    """
    today = today or timezone.localdate()
    queued = 0
    for moderator in moderators().exclude(
        pk__in=UnansweredAlert.objects.filter(day=today).values("recipient_id")
    ):
        topic_ids = list(
            unanswered_for_recipient(moderator, PermissionHandler()).values_list("pk", flat=True)
        )
        if not topic_ids:
            continue
        try:
            with transaction.atomic():
                UnansweredAlert.objects.create(
                    recipient=moderator, day=today, topic_count=len(topic_ids)
                )
        except IntegrityError:  # another run claimed this moderator's alert today
            continue
        send_unanswered_alert.enqueue(moderator.pk, topic_ids)
        queued += 1
    return queued
