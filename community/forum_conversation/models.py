"""Topics and posts of the forum: machina's abstract models, concrete in the project.

Keeping the concrete models here lets features add fields with ordinary migrations: themes on
topics (the catalogue's shared vocabulary) and the moderators' "hidden" flag on posts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.abstract_models import AbstractPost, AbstractTopic


class Topic(AbstractTopic):
    themes = models.ManyToManyField(
        "taxonomies.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="topics",
        help_text=_("Cross-rubric themes, shared with the catalogue."),
    )


class Post(AbstractPost):
    is_hidden = models.BooleanField(
        _("hidden by moderation"),
        default=False,
        help_text=_("A hidden post stays in the topic but only moderators can read it."),
    )
