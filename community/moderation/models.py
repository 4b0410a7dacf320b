"""Reports on posts and the moderation log: who did what, and when."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.privacy.masking import mask_personal_data


class PostReport(models.Model):
    """A member's report of a post that breaks the charter."""

    class Reason(models.TextChoices):
        OFF_TOPIC = "off_topic", _("Off topic")
        ABUSE = "abuse", _("Insulting or disrespectful")
        PERSONAL_DATA = "personal_data", _("Personal data about a person accompanied")
        ADVERTISING = "advertising", _("Advertising or spam")
        WRONG_INFORMATION = "wrong_information", _("Wrong or outdated information")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("to be handled")
        DISMISSED = "dismissed", _("dismissed")
        RESOLVED = "resolved", _("action taken")

    post = models.ForeignKey(
        "forum_conversation.Post",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="post_reports",
    )
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("reported on"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("post report")
        verbose_name_plural = _("post reports")

    def __str__(self):
        return f"{self.get_reason_display()} — {self.post_id}"


class ModerationLogQuerySet(models.QuerySet):
    def record(self, actor, action, *, post=None, topic=None, member=None, details=""):
        """The one writer of the log: add an entry for ``action`` on a post, topic or member.

        The entry keeps the rubric, so that a moderator reads only the entries of the rubrics they
        moderate (``for_moderator``), and the subject, which outlives a deleted topic. The subject
        and the details never keep what the guard of community/privacy finds: a beneficiary's
        social security number, IBAN, mobile number… are masked (« [NIR masqué] »).
        """
        topic = topic or (post.topic if post else None)
        if member is None and (post or topic):
            member_id = post.poster_id if post else topic.poster_id
        else:
            member_id = member.pk if member else None
        return self.create(
            actor=actor,
            action=action,
            member_id=member_id,
            post=post if post and post.pk else None,
            forum_id=topic.forum_id if topic else None,
            topic_subject=mask_personal_data(topic.subject) if topic else "",
            details=mask_personal_data(details),
        )

    def for_moderator(self, moderated_forums, moderates_members=True, actor=None):
        """Entries about content of the rubrics in ``moderated_forums``, and entries about
        members: every one for a moderator of membership (``moderates_members``), else only those
        ``actor`` recorded (a member suspended from a report in their rubric)."""
        about_members = Q(forum__isnull=True)
        if not moderates_members:
            about_members &= Q(actor=actor) if actor is not None else Q(pk__in=[])
        return self.filter(about_members | Q(forum__in=moderated_forums))


class ModerationLogEntry(models.Model):
    """One moderation action. Entries are only ever added (``objects.record``), never changed."""

    class Action(models.TextChoices):
        APPROVE_MEMBER = "approve_member", _("approved a member")
        REJECT_MEMBER = "reject_member", _("refused a member")
        SUSPEND_MEMBER = "suspend_member", _("suspended a member")
        REINSTATE_MEMBER = "reinstate_member", _("reinstated a member")
        WARN_MEMBER = "warn_member", _("warned a member")
        DISMISS_REPORT = "dismiss_report", _("dismissed a report")
        HIDE_POST = "hide_post", _("hid a post")
        SHOW_POST = "show_post", _("showed a hidden post again")
        DELETE_POST = "delete_post", _("deleted a post")
        EDIT_POST = "edit_post", _("edited a post")
        APPROVE_POST = "approve_post", _("approved a post")
        REJECT_POST = "reject_post", _("refused a post")
        LOCK_TOPIC = "lock_topic", _("locked a topic")
        UNLOCK_TOPIC = "unlock_topic", _("unlocked a topic")
        MOVE_TOPIC = "move_topic", _("moved a topic")
        DELETE_TOPIC = "delete_topic", _("deleted a topic")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_entries",
    )
    post = models.ForeignKey(
        "forum_conversation.Post",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forum = models.ForeignKey(
        "forum.Forum",
        verbose_name=_("rubric"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic_subject = models.CharField(_("topic"), max_length=255, blank=True)
    details = models.TextField(_("details"), blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class RefusedPostQuerySet(models.QuerySet):
    def kept(self):
        """The refused posts still kept (``COMCEP_REFUSED_POSTS_DAYS``): older ones are purged."""
        return self.filter(refused_at__gte=refused_posts_cutoff())

    def expired(self):
        return self.filter(refused_at__lt=refused_posts_cutoff())


def refused_posts_cutoff():

    return timezone.now() - timedelta(days=settings.COMCEP_REFUSED_POSTS_DAYS)


class RefusedPost(models.Model):
    """A post the moderators refused, kept for its author alone ("Mes messages refusés").

    The forum deletes the post; its author keeps their text, to reuse it, for
    ``COMCEP_REFUSED_POSTS_DAYS`` days (``manage.py purge_refused_posts`` deletes it then). This
    is the one place where the text is kept as written, personal data included: only its author
    reads it (never the moderators, the log, the notifications nor the e-mails, which mask it).
    """

    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", _("Personal data of a person you accompany")
        OFF_TOPIC = "off_topic", _("Off topic in this rubric")
        CHARTER = "charter", _("Contrary to the charter (tone, respect, confidentiality)")
        ADVERTISING = "advertising", _("Advertising or spam")
        DUPLICATE = "duplicate", _("Already discussed in another topic")
        OTHER = "other", _("Another reason (explained below)")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="refused_posts",
    )
    forum = models.ForeignKey(
        "forum.Forum",
        verbose_name=_("rubric"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The topic of a refused reply (a refused new topic is deleted with it)."),
    )
    was_new_topic = models.BooleanField(_("new topic"), default=False)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    content = models.TextField(_("text"))
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refused by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("refused on"), auto_now_add=True, db_index=True)

    objects = RefusedPostQuerySet.as_manager()

    class Meta:
        ordering = ["-refused_at", "-pk"]
        verbose_name = _("refused post")
        verbose_name_plural = _("refused posts")
        indexes = [
            models.Index(fields=["author", "-refused_at"], name="refused_author_date_idx"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.refused_at:%Y-%m-%d}"
