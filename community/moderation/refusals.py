"""Refusing a post held for approval: explained to its author, and nothing of theirs lost.

``refuse_post`` deletes the post from the forum, keeps its text for its author alone
(``RefusedPost``, "Mes messages refusés", ``COMCEP_REFUSED_POSTS_DAYS`` days), writes the refusal
to the moderation log (personal data masked) and, once committed, ``notify_post_refused`` tells
the author: a notification, and an e-mail (unless their preferences say otherwise) with the
reason and their text to reuse — the personal data the guard finds masked in it: an e-mail is no
place for a beneficiary's social security number; the text as written stays in "Mes messages
refusés".
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from cms.operations.tasks import MEMBER_WAITING
from cms.public_urls import public_url
from community.notifications import services as notifications
from community.notifications.emails import build_message
from community.notifications.models import Delivery, Notification, NotificationPreferences
from community.privacy.masking import mask_personal_data

from .models import ModerationLogEntry, RefusedPost


def _raw(post):
    return post.content.raw if hasattr(post.content, "raw") else str(post.content or "")


@transaction.atomic
def refuse_post(post, actor, reason, explanation=""):
    """Refuse ``post`` (waiting for approval) for ``reason`` (``RefusedPost.Reason``)."""
    topic = post.topic
    head = post.is_topic_head
    text = _raw(post)
    explanation = mask_personal_data(explanation.strip())
    refused = None
    if post.poster_id:
        refused = RefusedPost.objects.create(
            author_id=post.poster_id,
            forum_id=topic.forum_id,
            topic=None if head else topic,
            was_new_topic=head,
            subject=post.subject or topic.subject,
            content=text,
            reason=reason,
            explanation=explanation,
            refused_by=actor,
        )
    label = RefusedPost.Reason(reason).label
    details = " — ".join(part for part in (str(label), explanation, f"« {text[:300]} »") if part)
    ModerationLogEntry.objects.record(
        actor, ModerationLogEntry.Action.REJECT_POST, post=post, details=details
    )
    post.delete()  # machina deletes the topic with its only post
    if refused is not None:
        refused_id = refused.pk
        transaction.on_commit(lambda: notify_post_refused.enqueue(refused_id))
    return refused


@task(priority=MEMBER_WAITING)
def notify_post_refused(refused_id):
    refused = (
        RefusedPost.objects.select_related("author", "refused_by", "topic", "forum")
        .filter(pk=refused_id)
        .first()
    )
    if refused is None:
        return 0
    author = refused.author
    topic = refused.topic if refused.topic_id and refused.topic.approved else None
    kind = Notification.Kind.POST_REFUSED
    created = notifications.notify(
        kind, {author.pk}, actor=refused.refused_by, topic=topic, email=False
    )
    if not created or not author.email:
        return created
    if NotificationPreferences.objects.delivery_by_user([author.pk], kind)[author.pk] != (
        Delivery.IMMEDIATE
    ):
        return created
    context = {
        "refused": refused,
        "subject": mask_personal_data(refused.subject),
        "text": mask_personal_data(refused.content),
        "masked": mask_personal_data(refused.content) != refused.content,
        "rubric": refused.forum.name if refused.forum_id else "",
        "days": settings.COMCEP_REFUSED_POSTS_DAYS,
        "link": public_url(reverse("community:refused_posts")),
    }
    build_message(author, "post_refused", context, kind).send()
    Notification.objects.filter(kind=kind, recipient=author, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return created
