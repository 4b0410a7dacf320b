"""Topics and posts of the forum: machina's abstract models, concrete in the project.

Keeping the concrete models here lets features add fields with ordinary migrations: themes on
topics (the catalogue's shared vocabulary), the moderators' "hidden" flag on posts and the one-time
token of the form that created a post (the database refuses a second post from the same author
with the same token: a retried submission never creates a duplicate, see forms.py).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.abstract_models import AbstractPost, AbstractTopic
from machina.apps.forum_conversation.managers import ApprovedManager
from wagtail.search import index

from .visibility import ForumAccess


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user, handler=None):
        """The topics ``user`` may see (see visibility.py); ``handler``: the request's."""
        return self.filter(ForumAccess.for_user(user, handler).topic_filter())


class PostQuerySet(models.QuerySet):
    def visible_to(self, user, handler=None):
        """The posts ``user`` may read (see visibility.py); ``handler``: the request's."""
        return self.filter(ForumAccess.for_user(user, handler).post_filter())


class Topic(AbstractTopic):
    themes = models.ManyToManyField(
        "taxonomies.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="topics",
        help_text=_("Cross-rubric themes, shared with the catalogue."),
    )

    validated_post = models.ForeignKey(
        "forum_conversation.Post",
        verbose_name=_("validated answer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The reply the author or a moderator marked as the right answer."),
    )
    first_reply_at = models.DateTimeField(
        _("first answered on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When someone other than the author first replied (answer time)."),
    )

    objects = TopicQuerySet.as_manager()
    approved_objects = ApprovedManager()

    class Meta(AbstractTopic.Meta):
        indexes = [
            *AbstractTopic.Meta.indexes,
            # A rubric's topic list, in its display order, stops after one page at any size.
            models.Index(
                fields=["forum", "-type", "-last_post_on"], name="topic_forum_type_last_idx"
            ),
            # The few authors of topics waiting for approval (cms/performance/membercache.py).
            models.Index(
                fields=["poster"], condition=Q(approved=False), name="topic_waiting_poster_idx"
            ),
        ]

    @property
    def is_resolved(self):
        return self.validated_post_id is not None

    def get_absolute_url(self):
        """The topic's page (reads ``forum``: select it with the topic in lists)."""
        return reverse(
            "forum_conversation:topic",
            kwargs={
                "forum_slug": self.forum.slug,
                "forum_pk": self.forum_id,
                "slug": self.slug,
                "pk": self.pk,
            },
        )

    def update_trackers(self):
        """machina's counters, plus the answer time and the validated answer (see answers.py).

        machina calls this whenever one of the topic's posts is saved or deleted: a reply that is
        approved, hidden or deleted changes when the topic was first answered, and a validated
        reply that is hidden or unapproved no longer resolves the topic.
        """
        # answers.py reads the Topic and Post models, which this module defines.
        from .answers import first_reply_at_of, still_validated_post_id

        if self.pk:
            self.first_reply_at = first_reply_at_of(self)
            self.validated_post_id = still_validated_post_id(self)
        super().update_trackers()


class Post(index.Indexed, AbstractPost):
    is_hidden = models.BooleanField(
        _("hidden by moderation"),
        default=False,
        help_text=_("A hidden post stays in the topic but only moderators can read it."),
    )
    submission_token = models.UUIDField(
        _("submission token"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The one-time token of the form that created the post: the same form sent again "
            "creates nothing."
        ),
    )

    objects = PostQuerySet.as_manager()
    approved_objects = ApprovedManager()

    class Meta(AbstractPost.Meta):
        indexes = [
            # A topic's page of posts, in date order.
            models.Index(fields=["topic", "created"], name="post_topic_created_idx"),
            # The few authors of posts waiting for approval or hidden (membercache.py).
            models.Index(
                fields=["poster"],
                condition=Q(approved=False) | Q(is_hidden=True),
                name="post_unseen_poster_idx",
            ),
        ]
        constraints = [
            # One post per form sent: a member's retry with the same token is refused by the
            # database, whichever process or server handles it.
            models.UniqueConstraint(
                fields=["poster", "submission_token"], name="post_once_per_poster_token"
            ),
            # An anonymous author (if a rubric ever allows one) is known by machina's forum key.
            models.UniqueConstraint(
                fields=["anonymous_key", "submission_token"],
                condition=Q(poster__isnull=True),
                name="post_once_per_anonymous_token",
            ),
        ]

    # The site search (search/) indexes each post with its topic's subject. What readers may see is
    # decided at query time by ``visible_to``, whose filters are declared here so that every
    # backend can apply them; hidden and unapproved posts are also kept out of the index.
    search_fields = [
        index.SearchField("topic_subject", boost=2),
        index.SearchField("text"),
        index.FilterField("approved"),
        index.FilterField("is_hidden"),
        index.FilterField("poster_id"),
        index.FilterField("created"),
        index.RelatedFields(
            "topic",
            [
                index.FilterField("forum_id"),
                index.FilterField("approved"),
                index.FilterField("poster_id"),
            ],
        ),
    ]

    @classmethod
    def search_title_source(cls):
        """Where the site search finds the posts that match by title words (search.backend): each
        post is indexed with its topic's subject, so a topic whose subject matches stands for its
        discussion once, by its first post: ``(table, id column, text column)``."""
        return Topic._meta.db_table, "first_post_id", "subject"

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.filter(approved=True, is_hidden=False).select_related("topic")

    @property
    def is_topic_head(self):
        """machina's, by ids: a topic's page does not read its first post a second time."""
        return self.topic.first_post_id is not None and self.topic.first_post_id == self.pk

    def get_absolute_url(self):
        """The post in its topic's page (machina finds the page of the post)."""
        return f"{self.topic.get_absolute_url()}?post={self.pk}#{self.pk}"

    def topic_subject(self):
        return self.topic.subject

    def text(self):
        """The Markdown source, as the author wrote it (the index never holds rendered HTML)."""
        return self.content.raw if hasattr(self.content, "raw") else str(self.content)
