"""A reply or a new topic being written, kept on the server ("Mes brouillons").

The forms save it as the member types (``static/js/drafts.js``, a debounced ``fetch``) and, without
JavaScript, each time they preview; it is deleted once the post is published. One draft per member
and topic (a reply) or per member and rubric (a new topic). Only its author ever reads it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CONTENT_LENGTH = 20000


class Draft(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("member"),
    )
    # A reply to this topic, or a new topic in this rubric.
    topic = models.ForeignKey(
        "forum_conversation.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
    )
    forum = models.ForeignKey(
        "forum.Forum",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("rubric"),
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    content = models.TextField(_("message"), max_length=CONTENT_LENGTH, blank=True)
    updated_at = models.DateTimeField(_("saved on"), auto_now=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="draft_reply_once"
            ),
            models.UniqueConstraint(
                fields=["user", "forum"], condition=Q(forum__isnull=False), name="draft_topic_once"
            ),
            models.CheckConstraint(
                condition=Q(topic__isnull=False, forum__isnull=True)
                | Q(topic__isnull=True, forum__isnull=False),
                name="draft_reply_or_new_topic",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.topic_id or self.forum_id}"

    @property
    def is_reply(self):
        return self.topic_id is not None
