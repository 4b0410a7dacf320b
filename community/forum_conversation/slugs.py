"""ASCII slugs for rubrics and topics, like the site's pages (``WAGTAIL_ALLOW_UNICODE_SLUGS``).

machina slugifies names with ``allow_unicode=True`` in ``Forum.save`` and ``Topic.save``, so an
address reads ``/forum/…/%C3%AAtre-pr%C3%A9venu…/`` once percent-encoded. Its ``save`` sets the
slug before saving, so a ``pre_save`` receiver has the last word: accents and ligatures are
transliterated (``cœur`` gives ``coeur``), as Wagtail does for page slugs. The rubric model is
machina's, not ours: a signal is the supported way to change it.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.text import slugify
from machina.core.db.models import get_model
from wagtail.coreutils import string_to_ascii

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def ascii_slug(text, fallback):
    return slugify(string_to_ascii(str(text or ""))) or fallback


@receiver(pre_save, sender=Forum, dispatch_uid="comcep_ascii_rubric_slug")
def ascii_rubric_slug(sender, instance, **kwargs):
    instance.slug = ascii_slug(instance.name, "rubrique")


@receiver(pre_save, sender=Topic, dispatch_uid="comcep_ascii_topic_slug")
def ascii_topic_slug(sender, instance, **kwargs):
    instance.slug = ascii_slug(instance.subject, "sujet")
