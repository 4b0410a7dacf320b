"""What members bring to the catalogue: proposed pages, error reports, and the pages posts cite.

- ``Proposal``: a draft page written by a counsellor from the front end, in review, published or
  refused (with the editor's comment), followed in "Mes propositions".
- ``ErrorReport``: a member's report of an error on a page, kept as a Wagtail comment on that page
  (the editors read it in the page editor) and listed for them in "Propositions des membres".
- ``PageCitation``: a forum post links to a portal page; kept up to date when a post is saved, so
  that a page finds the discussions citing it in one query.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Proposal(models.Model):
    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("in review")
        PUBLISHED = "published", _("published")
        REFUSED = "refused", _("refused")

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="member_proposal",
    )
    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_REVIEW
    )
    editor_comment = models.TextField(_("editor's comment"), blank=True)
    created = models.DateTimeField(_("proposed on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self):
        return str(self.page)


class ErrorReport(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="error_reports",
    )
    comment = models.OneToOneField(
        "wagtailcore.Comment",
        verbose_name=_("comment in the page editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("what is wrong"))
    created = models.DateTimeField(_("reported on"), auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")

    def __str__(self):
        return str(self.page)


class PageCitation(models.Model):
    post = models.ForeignKey(
        "forum_conversation.Post", on_delete=models.CASCADE, related_name="page_citations"
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "page"], name="unique_page_citation")
        ]
        verbose_name = _("page cited by a post")
        verbose_name_plural = _("pages cited by posts")

    def __str__(self):
        return f"{self.post_id} → {self.page_id}"
