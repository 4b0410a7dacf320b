"""E-mails to members, sent by the task worker once the change that triggers them is committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from cms.operations.tasks import MESSAGES
from cms.public_urls import public_url

from .models import Feedback, Proposal


def _send(member, template, context):
    if not member.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"member": member, **context}
        subject = render_to_string(f"pilot/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"pilot/emails/{template}_body.txt", context)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [member.email])


@task(priority=MESSAGES)
def send_feedback_reply(feedback_pk):
    """Tell the member who sent a feedback what the team answered."""
    feedback = Feedback.objects.select_related("author").filter(pk=feedback_pk).first()
    if feedback is None or not feedback.reply:
        return 0
    return _send(
        feedback.author,
        "feedback_reply",
        {"feedback": feedback, "my_feedback_url": public_url(reverse("pilot:my_feedback"))},
    )


@task(priority=MESSAGES)
def send_proposal_decision(proposal_pk):
    """Tell the proposer that their proposal was accepted or declined, and why."""
    proposal = Proposal.objects.select_related("proposer", "forum", "theme").get(pk=proposal_pk)
    return _send(
        proposal.proposer,
        "proposal_decision",
        {"proposal": proposal, "proposals_url": public_url(reverse("pilot:proposals"))},
    )
