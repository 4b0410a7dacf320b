"""Sending the daily summary of unanswered questions, as a background task."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from machina.apps.forum_permission.handler import PermissionHandler

from cms.operations.tasks import ROUTINE
from cms.public_urls import public_url

from .unanswered import unanswered_delay, unanswered_for_moderator, unanswered_for_recipient


@task(priority=ROUTINE)
def send_unanswered_alert(recipient_id, topic_ids):
    """E-mail one moderator the questions of ``topic_ids`` that still wait; return 1 if sent.

    The topics are read again for the recipient: a question answered, hidden or moved out of
    their rubrics since the alert was prepared is left out.
    """
    recipient = get_user_model().objects.filter(pk=recipient_id).first()
    if recipient is None or not recipient.email:
        return 0
    handler = PermissionHandler()
    topics = list(unanswered_for_recipient(recipient, handler).filter(pk__in=topic_ids))
    if not topics:
        return 0
    # A référent·e who moderates none of these rubrics is told why they receive it.
    moderated = set(unanswered_for_moderator(recipient, handler).values_list("pk", flat=True))
    context = {
        "recipient": recipient,
        "topics": topics,
        "delay_hours": int(unanswered_delay().total_seconds() // 3600),
        "site_url": public_url("/"),
        "forum_url": public_url("/forum/"),
        "as_referent": not moderated,
    }
    with translation.override(settings.LANGUAGE_CODE):
        for topic in topics:
            topic.public_url = public_url(topic.get_absolute_url())
        subject = render_to_string("steering/email/unanswered_subject.txt", context).strip()
        text = render_to_string("steering/email/unanswered_body.txt", context)
        html = render_to_string("steering/email/unanswered_body.html", context)
    message = EmailMultiAlternatives(subject, text, to=[recipient.email])
    message.attach_alternative(html, "text/html")
    return message.send()
