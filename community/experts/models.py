"""Who knows what, and which questions were routed to whom.

- ``Expertise``: what a member says they can help with (themes, publics), whether colleagues may
  ask them, whether they appear in the members' directory and which of their fields it shows;
- ``Referent``: a member a moderator appointed as the community's référent·e for a theme or an
  operator;
- ``Routing``: a question sent to a member, either by its author or a moderator asking for their
  help ("Question transmise à …") or by a moderator assigning it ("Pris en charge par …"). An
  assignment ends when it comes back to the moderators unanswered (``ended_at``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Expertise(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="expertise",
    )
    themes = models.ManyToManyField(
        "taxonomies.Theme",
        verbose_name=_("themes I can help with"),
        blank=True,
        related_name="experts",
    )
    audiences = models.ManyToManyField(
        "taxonomies.Audience",
        verbose_name=_("publics I know well"),
        blank=True,
        related_name="experts",
    )
    accepts_requests = models.BooleanField(
        _("Colleagues may ask me for help on these themes"),
        default=True,
        help_text=_(
            "You may then be suggested when a member asks for an expert on a question of these "
            "themes (at most a few requests, which you can turn off in your notification "
            "preferences)."
        ),
    )
    in_directory = models.BooleanField(
        _("Appear in the members' directory"),
        default=False,
        help_text=_("Only signed-in members can open the directory."),
    )
    show_operator = models.BooleanField(_("my operator"), default=True)
    show_region = models.BooleanField(_("my region"), default=True)
    show_structure = models.BooleanField(_("my structure"), default=False)
    show_job = models.BooleanField(_("my job"), default=True)
    show_themes = models.BooleanField(_("the themes I can help with"), default=True)
    show_audiences = models.BooleanField(_("the publics I know"), default=True)
    updated = models.DateTimeField(_("updated on"), auto_now=True)

    # The fields a member may show or hide, in the order the form and the directory list them.
    SHOWN_FIELDS = (
        "show_operator",
        "show_region",
        "show_structure",
        "show_job",
        "show_themes",
        "show_audiences",
    )

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertise")
        indexes = [
            models.Index(
                fields=["user"], condition=Q(in_directory=True), name="expertise_directory_idx"
            )
        ]

    def __str__(self):
        return str(self.user)


class Referent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="referent_roles",
    )
    theme = models.ForeignKey(
        "taxonomies.Theme",
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="referents",
    )
    operator = models.ForeignKey(
        "taxonomies.Operator",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="referents",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("appointed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("appointed on"), auto_now_add=True)

    class Meta:
        verbose_name = _("referent")
        verbose_name_plural = _("referents")
        ordering = ["theme__name", "operator__name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="referent_theme_or_operator",
                condition=Q(theme__isnull=False, operator__isnull=True)
                | Q(theme__isnull=True, operator__isnull=False),
            ),
            models.UniqueConstraint(fields=["user", "theme"], name="referent_unique_theme"),
            models.UniqueConstraint(fields=["user", "operator"], name="referent_unique_operator"),
        ]

    def __str__(self):
        return f"{self.user} — {self.theme or self.operator}"

    @property
    def scope(self):
        return self.theme or self.operator


class RoutingQuerySet(models.QuerySet):
    def requests(self):
        return self.filter(kind=Routing.Kind.REQUEST)

    def open_assignments(self):
        return self.filter(kind=Routing.Kind.ASSIGNMENT, ended_at__isnull=True)


class Routing(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "request", _("help requested")
        ASSIGNMENT = "assignment", _("assigned")

    topic = models.ForeignKey(
        "forum_conversation.Topic",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="routings",
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="routings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created on"), auto_now_add=True, db_index=True)
    ended_at = models.DateTimeField(_("back with the moderators on"), null=True, blank=True)

    objects = RoutingQuerySet.as_manager()

    class Meta:
        verbose_name = _("question routing")
        verbose_name_plural = _("question routings")
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["member", "kind"], name="routing_member_kind_idx")]
        constraints = [
            # A member is asked once per question.
            models.UniqueConstraint(
                fields=["topic", "member"],
                condition=Q(kind="request"),
                name="routing_one_request_per_member",
            ),
            # A question is in the hands of one member at a time.
            models.UniqueConstraint(
                fields=["topic"],
                condition=Q(kind="assignment", ended_at__isnull=True),
                name="routing_one_open_assignment",
            ),
        ]

    def __str__(self):
        return f"{self.topic_id} → {self.member} ({self.kind})"
