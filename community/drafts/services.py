"""Drafts: where they may be written, saved, found again and deleted; read by their author only."""

from django.core.cache import cache
from django.db import models
from django.urls import reverse
from machina.core.db.models import get_model

from cms.performance.invalidation import (
    bump_version,
    read_with_each_member_request,
    remember_under,
)
from community.forum_conversation.visibility import ForumAccess

from .models import CONTENT_LENGTH, Draft

REPLY, NEW_TOPIC = "reply", "topic"

# The topics a member has a reply draft for, kept under a version number bumped by each save or
# deletion of their drafts: the topic page's "resume" notice then costs no query.
DRAFTS_VERSION_KEY = "comcep:drafts:{user_id}"
read_with_each_member_request(DRAFTS_VERSION_KEY, "default")


def drafts_changed(sender, instance, **kwargs):
    bump_version(DRAFTS_VERSION_KEY.format(user_id=instance.user_id), cache)


def _handler(request):
    return getattr(request, "forum_permission_handler", None)


def reply_draft_topics(request):
    """``{topic id: saved at}`` of the member's reply drafts, once a request."""
    if not hasattr(request, "_reply_draft_topics"):
        user = request.user

        def build():
            rows = Draft.objects.filter(user=user, topic__isnull=False)
            return dict(rows.values_list("topic_id", "updated_at"))

        request._reply_draft_topics = remember_under(
            DRAFTS_VERSION_KEY.format(user_id=user.pk), "replies", build, cache
        )
    return request._reply_draft_topics


def writable_target(request, kind, pk):
    """``{"topic": …}`` or ``{"forum": …}`` if the member may reply to that topic or start a topic
    in that rubric (and read it), else None."""
    user, handler = request.user, request.forum_permission_handler
    if not user.is_authenticated:
        return None
    if kind == REPLY:
        Topic = get_model("forum_conversation", "Topic")
        topic = (
            Topic.objects.visible_to(user, _handler(request))
            .filter(pk=pk)
            .select_related("forum")
            .first()
        )
        if topic is not None and handler.can_add_post(topic, user):
            return {"topic": topic}
    elif kind == NEW_TOPIC:
        Forum = get_model("forum", "Forum")
        forum = Forum.objects.filter(pk=pk).first()
        readable = ForumAccess.for_user(user, _handler(request)).readable
        if forum is not None and forum.pk in readable and handler.can_add_topic(forum, user):
            return {"forum": forum}
    return None


def draft_of(user, target):
    return Draft.objects.filter(user=user, **target).first()


def save_draft(user, target, subject, content):
    """Keep what the member typed (nothing typed: no draft). Returns the draft or None."""
    subject, content = (subject or "")[:255], (content or "")[:CONTENT_LENGTH]
    # A reply's subject comes filled in ("Re: …"): its text alone makes a draft.
    typed = content.strip() or ("forum" in target and subject.strip())
    if not typed:
        Draft.objects.filter(user=user, **target).delete()
        return None
    if _already_posted(user, target, content):
        # A save sent just before the form was (a request still on its way): the post is out.
        Draft.objects.filter(user=user, **target).delete()
        return None
    draft, _created = Draft.objects.update_or_create(
        user=user, **target, defaults={"subject": subject, "content": content}
    )
    return draft


def _already_posted(user, target, content):
    Post = get_model("forum_conversation", "Post")
    posts = Post.objects.filter(poster=user, content=content)
    if "topic" in target:
        return posts.filter(topic=target["topic"]).exists()
    return posts.filter(topic__forum=target["forum"], topic__first_post=models.F("pk")).exists()


def delete_draft(user, target):
    Draft.objects.filter(user=user, **target).delete()


def resume_url(draft):
    """The form the draft belongs to, filled with it."""
    if draft.is_reply:
        topic = draft.topic
        url = reverse(
            "forum_conversation:post_create",
            kwargs={
                "forum_slug": topic.forum.slug,
                "forum_pk": topic.forum_id,
                "topic_slug": topic.slug,
                "topic_pk": topic.pk,
            },
        )
    else:
        forum = draft.forum
        url = reverse(
            "forum_conversation:topic_create",
            kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk},
        )
    return f"{url}?brouillon=reprendre"


def my_drafts(request):
    """The member's drafts, each with its topic or rubric if they may still write there: three
    queries whatever their number (drafts, readable topics, rubrics)."""
    Topic = get_model("forum_conversation", "Topic")
    user = request.user
    drafts = list(Draft.objects.filter(user=user).select_related("forum"))
    topic_ids = {draft.topic_id for draft in drafts if draft.topic_id}
    topics = {}
    if topic_ids:
        visible = Topic.objects.visible_to(user, _handler(request)).filter(pk__in=topic_ids)
        topics = {topic.pk: topic for topic in visible.select_related("forum")}
    readable = ForumAccess.for_user(user, _handler(request)).readable
    lines = []
    for draft in drafts:
        if draft.is_reply:
            topic = topics.get(draft.topic_id)
            draft.topic = topic if topic is not None else draft.topic
            available = topic is not None
        else:
            available = draft.forum_id in readable
        lines.append({"draft": draft, "available": available})
    return lines
