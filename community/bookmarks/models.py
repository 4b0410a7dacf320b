"""What a member keeps for later ("Sauvegarder"): a topic, a post, an offer, a tool or a video,
with a note only they read ("Mes favoris").

A bookmark points to its target (a topic, a post or a Wagtail page); it never copies the target's
text. "Mes favoris" reads each target again through the forum's visibility surface or the live
public pages (``services.py``): a topic that became hidden, or moved to a rubric the member may not
read, is listed as unavailable, without its subject.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTE_LENGTH = 500


class Bookmark(models.Model):
    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topics")
        POST = "post", _("Posts")
        OFFER = "offer", _("Offers")
        TOOL = "tool", _("Tools")
        VIDEO = "video", _("Videos")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookmarks",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
    )
    post = models.ForeignKey(
        "forum_conversation.Post",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("post"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    note = models.TextField(_("note"), max_length=NOTE_LENGTH, blank=True)
    created_at = models.DateTimeField(_("saved on"), auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "kind", "-created_at"], name="bookmark_member_kind")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="bookmark_topic_once",
            ),
            models.UniqueConstraint(
                fields=["user", "post"], condition=Q(post__isnull=False), name="bookmark_post_once"
            ),
            models.UniqueConstraint(
                fields=["user", "page"], condition=Q(page__isnull=False), name="bookmark_page_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="topic", topic__isnull=False, post__isnull=True, page__isnull=True)
                    | Q(kind="post", post__isnull=False, topic__isnull=True, page__isnull=True)
                    | Q(
                        kind__in=["offer", "tool", "video"],
                        page__isnull=False,
                        topic__isnull=True,
                        post__isnull=True,
                    )
                ),
                name="bookmark_one_target_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.kind} {self.target_id}"

    @property
    def target_id(self):
        return self.topic_id or self.post_id or self.page_id
