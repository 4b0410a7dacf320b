"""The events the notifications react to; each enqueues a task once the transaction commits.

- a post saved published (a new post, or a pending post approved): ``fan_out_post`` (which runs
  once per post); themes added to a new topic afterwards: ``fan_out_new_themes``;
- ``answer_validated`` (forum_conversation.signals): the answer's author is told;
- membership approved and report handled: called by accounts/membership.py and
  moderation/services.py through ``membership_approved`` and ``report_handled`` below.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from machina.core.db.models import get_model

from cms.performance.invalidation import (
    bump_version,
    read_version,
    read_with_each_member_request,
    remember_under,
)
from community.forum_conversation.signals import answer_validated

from . import tasks
from .models import Follow, Notification
from .services import notifications_changed

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


@receiver(post_save, sender=Post, dispatch_uid="notifications_post_published")
def post_published(sender, instance, raw=False, **kwargs):
    if raw or not instance.approved or instance.is_hidden:
        return
    post_id = instance.pk
    transaction.on_commit(lambda: tasks.fan_out_post.enqueue(post_id))


@receiver(m2m_changed, sender=Topic.themes.through, dispatch_uid="notifications_topic_themes")
def topic_themes_added(sender, instance, action, reverse, pk_set, **kwargs):
    """Themes are saved after a new topic's first post: their followers are told then."""
    if action != "post_add" or reverse or not pk_set:
        return
    topic_id, theme_ids = instance.pk, sorted(pk_set)
    transaction.on_commit(lambda: tasks.fan_out_new_themes.enqueue(topic_id, theme_ids))


@receiver(answer_validated, dispatch_uid="notifications_answer_validated")
def answer_was_validated(sender, topic, post, user, **kwargs):
    post_id, user_id = post.pk, getattr(user, "pk", None)
    transaction.on_commit(lambda: tasks.notify_answer_validated.enqueue(post_id, user_id))


def membership_approved(user):
    user_id = user.pk
    transaction.on_commit(lambda: tasks.notify_membership_approved.enqueue(user_id))


def report_handled(reporter_ids, post, actor):
    """``post``: the reported post (about to be deleted, perhaps: only ids are kept)."""
    reporter_ids = sorted(set(reporter_ids) - {None})
    if not reporter_ids:
        return
    topic_id, post_id = post.topic_id, post.pk
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(
        lambda: tasks.notify_report_handled.enqueue(reporter_ids, topic_id, post_id, actor_id)
    )


# Each member's follows have a version number in the shared cache: lists that count "what I
# follow" keep their counts under it (community/forum_conversation/filters.py).
FOLLOWS_VERSION_KEY = "comcep:follows:{user_id}"
read_with_each_member_request(FOLLOWS_VERSION_KEY, "default")


def follows_version(user):
    if user is None or not user.is_authenticated:
        return 0
    return read_version(FOLLOWS_VERSION_KEY.format(user_id=user.pk), cache)


def followed_ids(user):
    """What ``user`` follows: ``{"forum": [ids], "theme": [ids], "topic": [ids]}``.

    Kept per version of their follows: the lists of what a member follows, and the home page's
    unanswered questions, then start from these ids (none: no query at all) rather than from a
    subquery that the database checks against every topic.
    """
    if user is None or not user.is_authenticated:
        return {"forum": [], "theme": [], "topic": []}

    def build():
        followed = {"forum": [], "theme": [], "topic": []}
        rows = Follow.objects.filter(user=user).values_list("forum_id", "theme_id", "topic_id")
        for row in rows:
            for name, pk in zip(followed, row, strict=True):
                if pk is not None:
                    followed[name].append(pk)
        return followed

    return remember_under(FOLLOWS_VERSION_KEY.format(user_id=user.pk), "ids", build, cache)


@receiver(post_save, sender=Follow, dispatch_uid="notifications_follow_saved")
@receiver(post_delete, sender=Follow, dispatch_uid="notifications_follow_deleted")
def follows_changed(sender, instance, **kwargs):
    bump_version(FOLLOWS_VERSION_KEY.format(user_id=instance.user_id), cache)


@receiver(post_save, sender=Notification, dispatch_uid="notifications_notification_saved")
@receiver(post_delete, sender=Notification, dispatch_uid="notifications_notification_deleted")
def notification_changed(sender, **kwargs):
    """Members' unread counts are kept under one version number (``services.unread_count``)."""
    notifications_changed()
