"""What members follow and what they are told.

A ``Follow`` points at exactly one of a topic, a rubric (machina forum) or a theme. A
``Notification`` is one row per recipient and event; what it refers to is checked against the
recipient's visibility when it is created and again when it is shown.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    forum = models.ForeignKey(
        "forum.Forum",
        verbose_name=_("rubric"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    theme = models.ForeignKey(
        "taxonomies.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                name="follow_exactly_one_target",
                condition=(
                    Q(topic__isnull=False, forum__isnull=True, theme__isnull=True)
                    | Q(topic__isnull=True, forum__isnull=False, theme__isnull=True)
                    | Q(topic__isnull=True, forum__isnull=True, theme__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["user", "topic"], name="follow_unique_topic"),
            models.UniqueConstraint(fields=["user", "forum"], name="follow_unique_forum"),
            models.UniqueConstraint(fields=["user", "theme"], name="follow_unique_theme"),
        ]

    def __str__(self):
        return f"{self.user} → {self.topic or self.forum or self.theme}"


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("New reply in a followed topic")
        NEW_TOPIC = "new_topic", _("New topic in a followed rubric or theme")
        MENTION = "mention", _("Mention")
        ANSWER_VALIDATED = "answer_validated", _("Answer validated")
        MEMBERSHIP_APPROVED = "membership_approved", _("Membership approved")
        REPORT_HANDLED = "report_handled", _("Report handled")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    post = models.ForeignKey(
        "forum_conversation.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created on"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notif_recipient_read"),
            models.Index(fields=["recipient", "-created"], name="notif_recipient_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
