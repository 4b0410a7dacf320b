import hashlib
from datetime import datetime

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from machina.core.db.models import get_model
from machina.core.loading import get_class

from cms.performance.invalidation import (
    CONTENT,
    FORUM,
    read_version,
    read_versions,
    remember_under,
)
from cms.performance.pagecache import clean_query, keeps_variant
from cms.performance.shared import remember
from cms.taxonomies.models import Theme
from community.forum_conversation.answers import can_validate
from community.forum_conversation.views import listed_forums, rubric_filterset, topic_view_links
from community.forum_permission.checker import PERMISSIONS_VERSION_KEY
from community.forum_tracking.marks import READ_MARKS_VERSION_KEY, is_new, read_marks, topic_mark
from community.notifications.signals import follows_version

register = template.Library()


@register.simple_tag
def forum_themes():
    """The themes members tag their topics with, for the theme pages' links (per version of
    public content, which an editor's change of a theme bumps)."""
    return remember("forum-themes", lambda: list(Theme.objects.order_by("sort_order", "name")))


@register.filter
def has_own_subject(post):
    """Whether a post's subject says more than its topic's: not the topic's subject, nor "Re: …".

    machina gives every reply the subject "Re: <topic subject>"; the topic page shows those only
    to screen readers, so the same heading is not repeated over every reply.
    """
    subject = (post.subject or "").strip()
    topic_subject = post.topic.subject.strip()
    if post.is_topic_head or not subject:
        return False
    return subject.casefold() not in {
        topic_subject.casefold(),
        f"re: {topic_subject}".casefold(),
        f"re : {topic_subject}".casefold(),
    }


@register.simple_tag(takes_context=True)
def forum_is_unread(context, forum_id):
    """Whether rubric ``forum_id`` holds something the member has not read (a member part of the
    forum index): the rubrics they have not read, kept under their read marks' version, for the
    version of public content (last posts) and of forum permissions (the rubrics they see)."""
    request = context["request"]
    if not hasattr(request, "_unread_forum_ids"):
        TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
        user = request.user

        def build():
            unread = TrackingHandler(request).get_unread_forums_from_list(
                user, listed_forums(request)
            )
            return frozenset(forum.pk for forum in unread)

        if not user.is_authenticated:
            request._unread_forum_ids = frozenset()
        else:
            shown = read_versions((CONTENT, FORUM))
            permissions = read_version(PERMISSIONS_VERSION_KEY, cache)
            versions = f"{shown[CONTENT]}:{shown[FORUM]}:{permissions}"
            marks_key = READ_MARKS_VERSION_KEY.format(user_id=user.pk)
            request._unread_forum_ids = remember_under(
                marks_key, f"unread-forums:{versions}", build, cache
            )
    return forum_id in request._unread_forum_ids


@register.simple_tag(takes_context=True)
def post_controls(context):
    """What the reader may do with one post of a topic page: ``{"edit", "delete", "validate"}``.

    The topic page's ``post_actions`` part gives the post and its topic as values (ids, author,
    state), so that the same part serves a page kept for everyone; machina's permission handler
    decides, from the rubric's permissions in the shared cache, as for a post read from the
    database."""

    request, user = context["request"], context["user"]
    mine = user.is_authenticated and context["poster_id"] == user.pk
    # The same for every post of the page with the same author (the reader or another) and topic.
    key = (
        context["forum_pk"],
        context["topic_pk"],
        context["topic_poster_id"],
        context["topic_status"],
        context["topic_approved"],
        mine,
    )
    decided = request.__dict__.setdefault("_post_controls", {})
    if key not in decided:
        decided[key] = _post_controls(request, user, context, mine)
    return decided[key]


def _post_controls(request, user, context, mine):
    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    handler = request.forum_permission_handler
    topic = Topic(
        pk=context["topic_pk"],
        # machina's permission checks read only the rubric's id.
        forum=handler.rubric_stand_in(context["forum_pk"]),
        poster_id=context["topic_poster_id"],
        status=context["topic_status"],
        approved=context["topic_approved"],
    )
    # machina compares the post's author with the reader: only whether they are the same matters.
    post = Post(pk=context["post_pk"], topic=topic, poster=user if mine else None)
    return {
        "edit": handler.can_edit_post(post, user),
        "delete": handler.can_delete_post(post, user),
        "validate": can_validate(handler, user, topic),
    }


@register.simple_tag(takes_context=True)
def topic_is_unread(context, topic_pk, forum_pk, last):
    """Whether the reader has not read topic ``topic_pk`` (of rubric ``forum_pk``) since its last
    post (``last``, ISO 8601): machina's rules, from the reader's marks in the shared cache."""
    request, user = context["request"], context["user"]
    if not user.is_authenticated:
        return False
    if not hasattr(request, "_read_marks"):
        request._read_marks = read_marks(user)
    mark = topic_mark(request._read_marks, topic_pk, forum_pk)
    return is_new(datetime.fromisoformat(last), mark)


@register.simple_tag(takes_context=True)
def rubric_scopes(context, forum_pk):
    """A rubric's "my topics" and "what I follow" links with the reader's counts (a member part
    of the rubric page), kept as written per reader, state of their follows, address (its
    normalised query, as the page caches key it) and hour under the version of public content."""
    request, user = context["request"], context["user"]
    if not user.is_authenticated:
        return ""

    def build():
        forum = get_model("forum", "Forum")(pk=forum_pk)
        scopes = topic_view_links(request, rubric_filterset(request, forum))["scopes"]
        return render_to_string("community/includes/topic_scopes.html", {"scopes": scopes})

    # Written by the template below from the reader's counts: markup escaped there.
    if not keeps_variant(request):
        # An address the caches do not keep (a query beyond the page's own, past the cap of
        # variants): rendered, never stored, so that no address of anyone's making fills them.
        return mark_safe(build())  # noqa: S308
    key = ":".join(
        (
            "rubric-scopes",
            str(user.pk),
            str(follows_version(user)),
            hashlib.sha256(f"{request.path}?{clean_query(request)}".encode()).hexdigest(),
            f"{timezone.now():%Y-%m-%d-%H}",
        )
    )
    return mark_safe(remember(key, build, keys=(CONTENT, FORUM)))  # noqa: S308
