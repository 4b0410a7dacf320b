"""What the steering of the community keeps: one record per moderator and day of unanswered alert.

The model also carries the permission to open the community dashboard (``view_dashboard``), given
to the moderators' and editors' groups by ``community.accounts.roles``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnansweredAlert(models.Model):
    """The daily summary of unanswered questions sent to one moderator (at most one a day)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("day"))
    topic_count = models.PositiveIntegerField(_("unanswered questions"))
    created = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("unanswered-question alert")
        verbose_name_plural = _("unanswered-question alerts")
        default_permissions = ()
        permissions = [("view_dashboard", _("Can view the community dashboard"))]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="one_unanswered_alert_a_day")
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.day}"


class SuggestionOpening(models.Model):
    """A member opened a discussion suggested while typing a new question (search/similar.py).

    The question counts as avoided unless that member posted a topic within
    ``COMCEP_AVOIDED_QUESTION_MINUTES`` after opening it (``avoided_questions`` in stats.py).
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        verbose_name=_("suggested topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened on"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("suggestion opened")
        verbose_name_plural = _("suggestions opened")
        default_permissions = ()
        indexes = [
            models.Index(fields=["member", "opened_at"], name="suggestion_member_opened_idx")
        ]

    def __str__(self):
        return f"{self.member_id} {self.topic_id} {self.opened_at}"
