"""What moderators do with feedback and proposals: each action in one transaction, the member
told by an e-mail task once it is committed."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme
from community.accounts.roles import apply_forum_permissions

from .models import Proposal, Support
from .tasks import send_feedback_reply, send_proposal_decision

Forum = get_model("forum", "Forum")


def record_reply(feedback, moderator):
    """Stamp a feedback whose reply changed, and e-mail the reply after the commit."""
    feedback.replied_at = timezone.now()
    feedback.replied_by = moderator
    feedback.save(update_fields=["replied_at", "replied_by"])
    transaction.on_commit(lambda: send_feedback_reply.enqueue(feedback.pk))


def support(proposal, member):
    """Add the member's support (once); return True when it was added."""
    if not proposal.is_open:
        return False
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, member=member)
    except IntegrityError:
        return False
    return True


def withdraw(proposal, member):
    return Support.objects.filter(proposal=proposal, member=member).delete()[0] > 0


def create_rubric(name, description):
    """A public rubric: it takes the project's global forum permissions (roles.py), which
    ``apply_forum_permissions`` brings in line."""
    forum = Forum.objects.create(name=name, type=Forum.FORUM_POST, description=description)
    apply_forum_permissions()
    return forum


@transaction.atomic
def accept(proposal, moderator):
    """Create the rubric or the theme the proposal names, and close it as accepted."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_open:
        return proposal
    if proposal.kind == Proposal.Kind.THEME:
        proposal.theme = Theme.objects.filter(name__iexact=proposal.name).first()
        if proposal.theme is None:
            proposal.theme = Theme.objects.create(name=proposal.name, description=proposal.reason)
    else:
        proposal.forum = create_rubric(proposal.name, proposal.reason)
    _decide(proposal, moderator, Proposal.Status.ACCEPTED, "")
    return proposal


@transaction.atomic
def decline(proposal, moderator, reason):
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.is_open:
        _decide(proposal, moderator, Proposal.Status.DECLINED, reason)
    return proposal


def _decide(proposal, moderator, status, reason):
    proposal.status = status
    proposal.decision_reason = reason
    proposal.decided_by = moderator
    proposal.decided_at = timezone.now()
    proposal.save()
    transaction.on_commit(lambda: send_proposal_decision.enqueue(proposal.pk))
