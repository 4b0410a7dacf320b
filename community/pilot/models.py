"""What the pilot group tells us: feedback on the beta, and the rubrics and themes it proposes.

``Feedback``: a rating and a comment a member sends from any page, with that page's address;
moderators and editors read them in the Wagtail admin ("Avis sur la bêta"), answer, export them.
``Proposal``: a rubric or a theme a member proposes; others support it (``Support``, one a
member); a moderator accepts it (the rubric or the theme is created) or declines it with a reason.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.utils.translation import gettext_lazy as _


class Feedback(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    RATINGS = [
        (1, _("1 – Very unsatisfied")),
        (2, _("2 – Unsatisfied")),
        (3, _("3 – Neutral")),
        (4, _("4 – Satisfied")),
        (5, _("5 – Very satisfied")),
    ]

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="beta_feedback",
    )
    # The author's operator when the feedback was sent: the report groups feedback by operator.
    operator = models.ForeignKey(
        "taxonomies.Operator",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_path = models.CharField(_("page"), max_length=255, db_index=True)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=RATINGS)
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created = models.DateTimeField(_("sent on"), auto_now_add=True, db_index=True)
    reply = models.TextField(
        _("reply to the member"),
        blank=True,
        help_text=_("Sent to the member by e-mail and shown on their “My feedback” page."),
    )
    replied_at = models.DateTimeField(_("replied on"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("beta feedback")
        verbose_name_plural = _("beta feedback")

    def __str__(self):
        return f"{self.get_rating_display()} — {self.page_path}"


class ProposalQuerySet(models.QuerySet):
    def with_support(self):
        """Each proposal with ``support_count``, most supported first, in one query."""
        return self.annotate(support_count=Count("supports", distinct=True)).order_by(
            "-support_count", "-created", "-pk"
        )


class Proposal(models.Model):
    class Kind(models.TextChoices):
        RUBRIC = "rubric", _("forum rubric")
        THEME = "theme", _("theme")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    reason = models.TextField(_("why"), max_length=2000)
    examples = models.TextField(
        _("examples"),
        max_length=2000,
        blank=True,
        help_text=_("Questions or situations that would go there, one per line."),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.CASCADE,
        related_name="rubric_proposals",
    )
    created = models.DateTimeField(_("proposed on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    theme = models.ForeignKey(
        "taxonomies.Theme",
        verbose_name=_("theme created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forum = models.ForeignKey(
        "forum.Forum",
        verbose_name=_("rubric created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "member"], name="one_support_per_member")
        ]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self):
        return f"{self.member_id} → {self.proposal_id}"
