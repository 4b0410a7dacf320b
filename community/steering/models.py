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
