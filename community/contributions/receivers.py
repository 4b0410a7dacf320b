"""Keep proposals and citations in step with Wagtail's workflow and the forum's posts."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from machina.core.db.models import get_model
from wagtail.models import Page, WorkflowState
from wagtail.signals import page_published, workflow_rejected, workflow_submitted

from . import services
from .links import sync_citations
from .tasks import notify_proposal_outcome

Post = get_model("forum_conversation", "Post")


def _tell(proposal):
    if proposal is not None:
        transaction.on_commit(lambda: notify_proposal_outcome.enqueue(proposal.pk))


def on_page_published(sender, instance, **kwargs):
    _tell(services.mark_published(instance.pk))


def _page_id(state):
    """The page a workflow state is about, or None for a snippet's."""
    if state.base_content_type_id != ContentType.objects.get_for_model(Page).pk:
        return None
    return int(state.object_id)


def on_workflow_rejected(sender, instance, **kwargs):
    if _page_id(instance) is None:
        return
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state is not None else ""
    _tell(services.mark_refused(int(instance.object_id), comment))


def on_workflow_submitted(sender, instance, **kwargs):
    if _page_id(instance) is None:
        return
    services.mark_in_review(int(instance.object_id))


def on_post_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_citations(instance)


page_published.connect(on_page_published, dispatch_uid="contributions_page_published")
workflow_rejected.connect(
    on_workflow_rejected, sender=WorkflowState, dispatch_uid="contributions_workflow_rejected"
)
workflow_submitted.connect(
    on_workflow_submitted, sender=WorkflowState, dispatch_uid="contributions_workflow_submitted"
)
post_save.connect(on_post_saved, sender=Post, dispatch_uid="contributions_post_citations")
