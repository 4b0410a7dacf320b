"""Moderators told at once: a new report, a post held for review, a sign-up waiting.

Each event enqueues a task once its transaction commits; the task notifies exactly the members who
moderate what it is about, through ``notifications.services.notify`` (one row each, and an e-mail
at once unless their preferences say otherwise):

- a report or a held post: the moderators of its rubric, as machina's permissions decide (the
  pilot rubric's moderators for the pilot rubric, never the general moderators there); a member
  counts as a moderator through the rows of their role or their own rows, not through the
  superuser flag alone;
- a sign-up waiting: the general moderators, who approve sign-ups (``may_moderate_members``).

The notification rows hold ids only (the report, the post, the applicant): nothing the guard of
community/privacy would find. The header shows each moderator what waits for them
(``queue_count``).
"""

import hashlib

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tasks import task
from machina.core.db.models import get_model

from cms.operations.tasks import MEMBER_WAITING
from cms.performance.invalidation import (
    bump_version,
    read_with_each_request,
    remember_under,
)
from community.accounts.roles import MEMBER_MODERATOR_GROUPS, may_moderate_members
from community.notifications import services as notifications
from community.notifications.audience import Audience
from community.notifications.models import Notification

from .models import PostReport

Post = get_model("forum_conversation", "Post")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

APPROVE = "can_approve_posts"


def moderator_candidates():
    """Members whose role or own rows grant approval somewhere (a superset, decided per rubric
    by ``moderators_of``)."""
    User = get_user_model()
    groups = GroupForumPermission.objects.filter(
        permission__codename=APPROVE, has_perm=True
    ).values("group_id")
    own = UserForumPermission.objects.filter(
        permission__codename=APPROVE, has_perm=True, user__isnull=False
    ).values("user_id")
    return set(
        User.objects.filter(Q(groups__in=groups) | Q(pk__in=own)).values_list("pk", flat=True)
    )


def moderators_of(forum_id, audience=None):
    """The ids of the members who moderate the rubric ``forum_id`` (approved, active)."""
    audience = audience or Audience(moderator_candidates())
    return {pk for pk, access in audience.access.items() if forum_id in access.moderated}


def member_moderators():
    """The ids of the general moderators, who approve sign-ups."""
    User = get_user_model()
    return set(
        User.approved_members()
        .filter(groups__name__in=MEMBER_MODERATOR_GROUPS)
        .values_list("pk", flat=True)
    )


# The events: each enqueues its task once the transaction commits.


def report_created(report):
    report_id = report.pk
    transaction.on_commit(lambda: notify_new_report.enqueue(report_id))


def post_held(post):
    post_id = post.pk
    transaction.on_commit(lambda: notify_post_held.enqueue(post_id))


def member_waiting(user):
    user_id = user.pk
    transaction.on_commit(lambda: notify_member_waiting.enqueue(user_id))


@receiver(post_save, sender=Post, dispatch_uid="moderation_post_held")
def post_saved(sender, instance, created=False, raw=False, **kwargs):
    """A post saved waiting for approval: new, or an edit held for its personal data."""
    if raw or instance.approved:
        return
    if created or getattr(instance, "held_for_personal_data", False):
        post_held(instance)


# The tasks.


@task(priority=MEMBER_WAITING)
def notify_new_report(report_id):
    report = (
        PostReport.objects.select_related("post", "post__topic", "reporter")
        .filter(pk=report_id, status=PostReport.Status.OPEN)
        .first()
    )
    if report is None:
        return 0
    topic = report.post.topic
    audience = Audience(moderator_candidates())
    return notifications.notify(
        Notification.Kind.NEW_REPORT,
        moderators_of(topic.forum_id, audience),
        actor=report.reporter,
        topic=topic,
        post=report.post,
        audience=audience,
    )


@task(priority=MEMBER_WAITING)
def notify_post_held(post_id):
    post = Post.objects.select_related("topic", "poster").filter(pk=post_id, approved=False).first()
    if (
        post is None
        or Notification.objects.filter(kind=Notification.Kind.POST_HELD, post=post).exists()
    ):
        return 0
    audience = Audience(moderator_candidates())
    return notifications.notify(
        Notification.Kind.POST_HELD,
        moderators_of(post.topic.forum_id, audience),
        actor=post.poster,
        topic=post.topic,
        post=post,
        audience=audience,
    )


@task(priority=MEMBER_WAITING)
def notify_member_waiting(user_id):
    User = get_user_model()
    applicant = User.objects.filter(
        pk=user_id, status=User.Status.PENDING, email_confirmed=True
    ).first()
    if (
        applicant is None
        or Notification.objects.filter(
            kind=Notification.Kind.MEMBER_WAITING, actor=applicant
        ).exists()
    ):
        return 0
    return notifications.notify(
        Notification.Kind.MEMBER_WAITING, member_moderators(), actor=applicant
    )


# What waits for each moderator, shown in the header: counted once per version of the queues,
# which any report, post or member saved or deleted bumps.
QUEUE_VERSION_KEY = "comcep:moderation:queue"
read_with_each_request(QUEUE_VERSION_KEY, "default")


def queues_changed(**kwargs):
    bump_version(QUEUE_VERSION_KEY, cache)


for model in (PostReport, Post, get_user_model()):
    post_save.connect(queues_changed, sender=model, dispatch_uid=f"moderation_queue_{model}")
    post_delete.connect(queues_changed, sender=model, dispatch_uid=f"moderation_queue_d_{model}")


def queue_count(user, handler):
    """Reports, posts and (for the general moderators) sign-ups waiting for ``user``; None for a
    member who moderates nothing."""
    if not user.is_authenticated or not handler.can_access_moderation_queue(user):
        return None

    moderates_members = may_moderate_members(user)

    forums = sorted(forum.pk for forum in handler.get_moderation_queue_forums(user))

    def count():
        reports = PostReport.objects.filter(
            status=PostReport.Status.OPEN, post__topic__forum__in=forums
        ).count()
        posts = Post.objects.filter(approved=False, topic__forum__in=forums).count()
        members = 0
        if moderates_members:
            User = get_user_model()
            members = User.objects.filter(status=User.Status.PENDING, email_confirmed=True).count()
        return reports + posts + members

    scope = hashlib.sha256(f"{forums}:{moderates_members}".encode()).hexdigest()[:16]
    return remember_under(QUEUE_VERSION_KEY, f"queue:{user.pk}:{scope}", count, cache)
