"""E-mails about contributions, sent by the task worker (the notifications of the community may
take them over: each task is one event for one recipient)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from cms.operations.tasks import MESSAGES
from cms.public_urls import public_url

from .models import ErrorReport, Proposal


def _send(template, recipient, context):
    if not recipient or not recipient.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"contributions/emails/{template}_subject.txt", context)
        body = render_to_string(f"contributions/emails/{template}_body.txt", context)
    return send_mail(" ".join(subject.split()), body, None, [recipient.email])


@task(priority=MESSAGES)
def notify_proposal_outcome(proposal_id):
    """Tell the contributor that their proposal was published or refused."""
    proposal = Proposal.objects.select_related("page", "contributor").filter(pk=proposal_id).first()
    if proposal is None or proposal.status == Proposal.Status.IN_REVIEW:
        return 0
    page = proposal.page.specific
    context = {
        "proposal": proposal,
        "page": page,
        "published": proposal.status == Proposal.Status.PUBLISHED,
        "page_url": page.full_url or public_url(page.url or "/"),
        "proposals_url": public_url(reverse("contributions:my_proposals")),
    }
    return _send("proposal_outcome", proposal.contributor, context)


@task(priority=MESSAGES)
def notify_error_report(report_id):
    """Tell the editor responsible for a page (or its owner) that a member reported an error."""
    report = ErrorReport.objects.select_related("page", "reporter").filter(pk=report_id).first()
    if report is None:
        return 0
    page = report.page.specific
    recipient = getattr(page, "owner_editor", None) or page.owner
    context = {
        "report": report,
        "page": page,
        "edit_url": public_url(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    return _send("error_report", recipient, context)
