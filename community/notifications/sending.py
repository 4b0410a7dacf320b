"""Notification e-mails sent at once: which notifications may still be e-mailed, and the task
that sends them (django-tasks).

``services.notify`` enqueues ``send_notification_emails``; the fan-out tasks (tasks.py) call
``services.notify``. This module needs neither, so the three never import each other in a circle.
"""

from django.core.mail import get_connection
from django.utils import timezone
from django_tasks import task

from cms.operations.tasks import MEMBER_WAITING
from cms.public_urls import public_url

from .audience import Audience
from .emails import build_message, open_url
from .models import MODERATOR_KINDS, Notification


def is_published(post):
    return post.approved and not post.is_hidden


def still_for(notification, recipient, audience):
    """Whether ``notification`` may still be e-mailed to ``recipient``: what it is about is
    published and readable, or, for what waits for moderators, still theirs to moderate."""
    topic = notification.topic if notification.topic_id else None
    if notification.kind in MODERATOR_KINDS:
        return topic is None or audience.can_moderate_forum(recipient.pk, topic.forum_id)
    if notification.post_id and not is_published(notification.post):
        return False
    return topic is None or (
        topic.approved and audience.can_read_forum(recipient.pk, topic.forum_id)
    )


@task(priority=MEMBER_WAITING)
def send_notification_emails(notification_ids):
    """E-mail each of these notifications to its recipient, once; still-readable ones only."""
    notifications = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "actor", "topic", "topic__forum", "post", "post__topic")
        .select_related("post__topic__forum")
    )
    if not notifications:
        return 0
    audience = Audience({n.recipient_id for n in notifications})
    messages, sent = [], []
    for notification in notifications:
        recipient = notification.recipient
        if not recipient.email or recipient.pk not in audience.users:
            continue
        if not still_for(notification, recipient, audience):
            continue
        context = {
            "notification": notification,
            "link": public_url(open_url(notification)),
        }
        messages.append(build_message(recipient, "notification", context, notification.kind))
        sent.append(notification.pk)
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())
    return len(messages)
