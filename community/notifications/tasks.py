"""Background work of the notifications: fan-out of a published post (django-tasks).

The e-mails sent at once are sending.py's task, which ``services.notify`` enqueues.

A request only enqueues (``transaction.on_commit``); the database backend's ``db_worker`` runs
these, the immediate backend in tests. Every task reads its objects again and checks that they are
still published and readable: a post hidden or deleted in between triggers nothing.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from machina.core.db.models import get_model

from cms.operations.tasks import MEMBER_WAITING

from . import services
from .audience import Audience
from .mentions import mentioned_members
from .models import Follow, Notification, PostFanOut

# send_notification_emails is re-exported: e-mails queued before it moved to sending.py name
# this module as their task's path, and the worker imports them from here.
from .sending import is_published, send_notification_emails  # noqa: F401

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

# A post approved (or first published) long after it was written tells nobody "new".
FAN_OUT_MAX_AGE = timedelta(days=14)


@task(priority=MEMBER_WAITING)
def fan_out_post(post_id):
    """Notify of a published post: its topic's followers (a reply), its rubric's and themes'
    followers (a new topic), the members it mentions; the author follows the topic."""
    post = Post.objects.select_related("topic", "topic__forum", "poster").filter(pk=post_id).first()
    if post is None or not is_published(post):
        return 0
    if post.created < timezone.now() - FAN_OUT_MAX_AGE:
        return 0
    topic = post.topic
    head = not topic.posts.filter(pk__lt=post.pk).exists()
    if not head and not topic.approved:
        return 0
    if PostFanOut.objects.filter(post=post).exists():
        return 0
    PostFanOut.objects.create(post=post)
    actor = post.poster
    if actor is not None:
        services.follow_own_topic(actor, topic)

    mentioned = {member.pk for member in mentioned_members(_raw(post)).values()}
    if head:
        kind = Notification.Kind.NEW_TOPIC
        followers = Follow.objects.filter(
            Q(forum_id=topic.forum_id) | Q(theme__in=topic.themes.values("pk"))
        )
    else:
        kind = Notification.Kind.REPLY
        followers = Follow.objects.filter(topic=topic)
    follower_ids = set(followers.values_list("user_id", flat=True)) - mentioned
    audience = Audience(follower_ids | mentioned)
    created = services.notify(
        kind, follower_ids, actor=actor, topic=topic, post=post, audience=audience
    )
    return created + services.notify(
        Notification.Kind.MENTION, mentioned, actor=actor, topic=topic, post=post, audience=audience
    )


# Themes added to a topic this long after its first post tell their followers nothing.
NEW_THEMES_MAX_AGE = timedelta(hours=1)


@task(priority=MEMBER_WAITING)
def fan_out_new_themes(topic_id, theme_ids):
    """Tell the followers of themes just added to a new topic, if its first post was already
    fanned out (otherwise that fan-out reads the themes itself); nobody is told twice."""
    topic = Topic.objects.select_related("forum").filter(pk=topic_id, approved=True).first()
    head = topic.posts.select_related("poster").order_by("pk").first() if topic else None
    if head is None or not is_published(head):
        return 0
    if head.created < timezone.now() - NEW_THEMES_MAX_AGE:
        return 0
    if not PostFanOut.objects.filter(post=head).exists():
        return 0
    told = Notification.objects.filter(post=head).values_list("recipient_id", flat=True)
    followers = set(
        Follow.objects.filter(theme_id__in=theme_ids)
        .exclude(user_id__in=told)
        .values_list("user_id", flat=True)
    )
    return services.notify(
        Notification.Kind.NEW_TOPIC, followers, actor=head.poster, topic=topic, post=head
    )


def _raw(post):
    return post.content.raw if hasattr(post.content, "raw") else str(post.content)


@task(priority=MEMBER_WAITING)
def notify_answer_validated(post_id, validator_id):
    post = Post.objects.select_related("topic", "topic__forum").filter(pk=post_id).first()
    if post is None or not is_published(post) or post.poster_id is None:
        return 0
    if post.topic.validated_post_id != post.pk:
        return 0
    actor = get_user_model().objects.filter(pk=validator_id).first()
    return services.notify(
        Notification.Kind.ANSWER_VALIDATED,
        {post.poster_id},
        actor=actor,
        topic=post.topic,
        post=post,
    )


@task(priority=MEMBER_WAITING)
def notify_membership_approved(user_id):
    return services.notify(Notification.Kind.MEMBERSHIP_APPROVED, {user_id})


@task(priority=MEMBER_WAITING)
def notify_report_handled(reporter_ids, topic_id, post_id, actor_id):
    """Tell the reporters their report was handled; the post only if they may still read it."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    topic = Topic.objects.filter(pk=topic_id, approved=True).first() if topic_id else None
    post = Post.objects.filter(pk=post_id).first() if post_id else None
    if post is not None and (not is_published(post) or topic is None):
        post = None
    audience = Audience(reporter_ids)
    if topic is not None:
        readers = audience.readers(topic)
        # Those who may no longer read the topic are told without a link to it.
        others = set(reporter_ids) - readers
        created = services.notify(
            Notification.Kind.REPORT_HANDLED,
            readers,
            actor=actor,
            topic=topic,
            post=post,
            audience=audience,
        )
        return created + services.notify(
            Notification.Kind.REPORT_HANDLED, others, actor=actor, audience=audience
        )
    return services.notify(
        Notification.Kind.REPORT_HANDLED, reporter_ids, actor=actor, audience=audience
    )
