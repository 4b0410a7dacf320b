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
        EXPERT_REQUEST = "expert_request", _("Your expertise requested on a question")
        QUESTION_ASSIGNED = "question_assigned", _("Question assigned to you")
        ASSIGNMENT_RETURNED = "assignment_returned", _("Assigned question back with the moderators")
        NEW_REPORT = "new_report", _("A post reported in a rubric I moderate")
        POST_HELD = "post_held", _("A post waiting for approval in a rubric I moderate")
        MEMBER_WAITING = "member_waiting", _("A sign-up waiting for approval")
        POST_REFUSED = "post_refused", _("My post refused by the moderators")
        CONSULTATION_OPENED = "consultation_opened", _("A consultation open to me")

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


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("In the daily digest")
    WEEKLY = "weekly", _("In the weekly digest")
    NEVER = "never", _("Never")


# What a member who never changed their preferences gets, per kind of notification: an e-mail at
# once, except for new topics (the daily digest).
DEFAULT_DELIVERY = {kind: Delivery.IMMEDIATE for kind in Notification.Kind} | {
    Notification.Kind.NEW_TOPIC: Delivery.DAILY
}
# Kinds about what waits for moderators: the post is not published yet, or was reported.
MODERATOR_KINDS = frozenset(
    {Notification.Kind.NEW_REPORT, Notification.Kind.POST_HELD, Notification.Kind.MEMBER_WAITING}
)


class PreferencesQuerySet(models.QuerySet):
    def delivery_by_user(self, user_ids, kind):
        """{user id: delivery of ``kind``} for ``user_ids``, defaults included, in one query."""
        chosen = dict(self.filter(user_id__in=user_ids).values_list("user_id", kind))
        return {pk: chosen.get(pk, DEFAULT_DELIVERY[kind]) for pk in user_ids}


def _delivery_field(kind):
    return models.CharField(
        Notification.Kind(kind).label,
        max_length=16,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[kind],
    )


class NotificationPreferences(models.Model):
    """How a member wants to be told, per kind of notification (no row: the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    follow_own_topics = models.BooleanField(
        _("Follow the topics I start or reply to"), default=True
    )
    reply = _delivery_field(Notification.Kind.REPLY)
    new_topic = _delivery_field(Notification.Kind.NEW_TOPIC)
    mention = _delivery_field(Notification.Kind.MENTION)
    answer_validated = _delivery_field(Notification.Kind.ANSWER_VALIDATED)
    membership_approved = _delivery_field(Notification.Kind.MEMBERSHIP_APPROVED)
    report_handled = _delivery_field(Notification.Kind.REPORT_HANDLED)
    expert_request = _delivery_field(Notification.Kind.EXPERT_REQUEST)
    question_assigned = _delivery_field(Notification.Kind.QUESTION_ASSIGNED)
    assignment_returned = _delivery_field(Notification.Kind.ASSIGNMENT_RETURNED)
    new_report = _delivery_field(Notification.Kind.NEW_REPORT)
    post_held = _delivery_field(Notification.Kind.POST_HELD)
    member_waiting = _delivery_field(Notification.Kind.MEMBER_WAITING)
    post_refused = _delivery_field(Notification.Kind.POST_REFUSED)
    consultation_opened = _delivery_field(Notification.Kind.CONSULTATION_OPENED)
    digest = models.CharField(
        _("News, offers and videos"),
        max_length=16,
        choices=[(value, label) for value, label in Delivery.choices if value != "immediate"],
        default=Delivery.WEEKLY,
        help_text=_("A digest of what is new for you in the catalogue and the forum."),
    )

    objects = PreferencesQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The member's preferences (an unsaved row with the defaults if they never chose)."""
        return cls.objects.filter(user=user).first() or cls(user=user)


class DigestDelivery(models.Model):
    """One digest sent to one member for one period: what makes ``send_digests`` idempotent."""

    class Period(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="digest_deliveries",
    )
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    period_key = models.CharField(_("period key"), max_length=16)  # 2026-11-29, 2026-W48
    sent_at = models.DateTimeField(_("sent on"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_key"], name="digest_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.user} {self.period} {self.period_key}"


class PostFanOut(models.Model):
    """A published post whose notifications were created: each post fans out once."""

    post = models.OneToOneField(
        "forum_conversation.Post",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("post fan-out")
        verbose_name_plural = _("post fan-outs")

    def __str__(self):
        return str(self.post_id)
