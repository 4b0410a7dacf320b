"""Topics and posts of the forum: machina's abstract models, concrete in the project.

Keeping the concrete models here lets features add fields with ordinary migrations: themes on
topics (the catalogue's shared vocabulary) and the moderators' "hidden" flag on posts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.abstract_models import AbstractPost, AbstractTopic
from machina.apps.forum_conversation.managers import ApprovedManager

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

    objects = TopicQuerySet.as_manager()
    approved_objects = ApprovedManager()


class Post(AbstractPost):
    is_hidden = models.BooleanField(
        _("hidden by moderation"),
        default=False,
        help_text=_("A hidden post stays in the topic but only moderators can read it."),
    )

    objects = PostQuerySet.as_manager()
    approved_objects = ApprovedManager()
