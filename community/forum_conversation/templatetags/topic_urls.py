"""The addresses of the posts' actions on a topic page and of the topics in a list, reversed once.

A topic page gave each post five addresses (edit, delete, validate, report, the author's
profile), each a ``{% url %}``, and a topic list each topic's: Django's ``reverse`` walks the URL
resolver every time. Here each address is reversed once, with placeholders, and each post's or
topic's is that text with its own values.
"""

import functools
import re

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

# An id no row has (the converters accept 1 to 19 digits), replaced by each post's.
PLACEHOLDER = "4242424242424242424"
FORUM_PLACEHOLDER = "4343434343434343434"
TOPIC_SLUG, FORUM_SLUG = "zztopicslugzz", "zzforumslugzz"
# Slugs that ``reverse`` writes as they are (it quotes anything else).
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@register.simple_tag
def topic_post_urls(forum, topic):
    """{action: address with the placeholder id} for the posts of ``topic`` in ``forum``."""
    topic_kwargs = {
        "forum_slug": forum.slug,
        "forum_pk": forum.pk,
        "topic_slug": topic.slug,
        "topic_pk": topic.pk,
    }
    post = {"pk": PLACEHOLDER}
    return {
        "topic_update": reverse(
            "forum_conversation:topic_update",
            kwargs={
                "forum_slug": forum.slug,
                "forum_pk": forum.pk,
                "slug": topic.slug,
                "pk": topic.pk,
            },
        ),
        "post_update": reverse("forum_conversation:post_update", kwargs=topic_kwargs | post),
        "post_delete": reverse("forum_conversation:post_delete", kwargs=topic_kwargs | post),
        "validate": reverse("community:validate_answer", args=[PLACEHOLDER]),
        "remove_validation": reverse("community:remove_validation", args=[topic.pk]),
        "report": reverse("community:report_post", args=[PLACEHOLDER]),
        "profile": reverse("forum_member:profile", args=[PLACEHOLDER]),
    }


@register.simple_tag
def post_url(urls, action, pk):
    """The address of ``action`` (a key of ``topic_post_urls``) for the row ``pk``."""
    return urls[action].replace(PLACEHOLDER, str(int(pk)))


@functools.lru_cache(maxsize=16)
def _topic_pattern(script_prefix):
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": FORUM_SLUG,
            "forum_pk": FORUM_PLACEHOLDER,
            "slug": TOPIC_SLUG,
            "pk": PLACEHOLDER,
        },
    )


@register.simple_tag
def topic_address(topic):
    """``{% url 'forum_conversation:topic' … %}`` of ``topic`` (its ``forum`` selected)."""
    forum = topic.forum
    if not (PLAIN_SLUG.fullmatch(topic.slug) and PLAIN_SLUG.fullmatch(forum.slug)):
        return reverse(
            "forum_conversation:topic",
            kwargs={
                "forum_slug": forum.slug,
                "forum_pk": forum.pk,
                "slug": topic.slug,
                "pk": topic.pk,
            },
        )
    return (
        _topic_pattern(get_script_prefix())
        .replace(FORUM_SLUG, forum.slug)
        .replace(FORUM_PLACEHOLDER, str(int(forum.pk)))
        .replace(TOPIC_SLUG, topic.slug)
        .replace(PLACEHOLDER, str(int(topic.pk)))
    )
