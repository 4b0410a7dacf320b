"""Members' contributions from the front end, and the editors' listing in the admin.

- ``ProposeView`` ("Proposer une ressource"): an approved counsellor's proposal becomes a draft
  offer in the "Relecture" workflow;
- ``MyProposalsView`` ("Mes propositions"): the member's proposals and their status;
- ``ReportErrorView`` ("Signaler une erreur sur cette fiche"): a comment on the page for editors;
- ``MakeFicheView`` ("Transformer en fiche"): a resolved topic's answer as a draft Q&A page;
- ``ProposalsReportView`` (admin, "Propositions des membres").
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView
from machina.core.db.models import get_model
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from cms.listing import visible_pages
from community.forum_conversation.selectors import visible_topics
from community.ratelimits import RateLimitedMixin

from . import services
from .forms import ErrorReportForm, ProposalForm
from .models import ErrorReport, Proposal
from .permissions import can_contribute, can_make_fiche, is_editor

Topic = get_model("forum_conversation", "Topic")

PROPOSAL_RATE_LIMITS = ("proposal", "proposal_ip")
REPORTABLE_MODELS = ("offerpage", "questionanswerpage", "videopage", "newspage")


class ContributorRequiredMixin(LoginRequiredMixin):
    """Signed in (else the sign-in page), and an approved counsellor (else a French 403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_contribute(request.user):
            raise PermissionDenied(_("Only approved counsellors may contribute to the catalogue."))
        return super().dispatch(request, *args, **kwargs)


class ProposeView(RateLimitedMixin, ContributorRequiredMixin, FormView):
    template_name = "contributions/propose.html"
    form_class = ProposalForm
    rate_limits = PROPOSAL_RATE_LIMITS

    def get_initial(self):
        kind = self.request.GET.get("type", "")
        return {"kind": kind} if kind else {}

    def form_valid(self, form):
        services.propose_offer(self.request.user, form.cleaned_data)
        messages.success(
            self.request,
            _(
                "Thank you: your proposal has been sent to the editorial team. "
                "Follow its review here."
            ),
        )
        return redirect("contributions:my_proposals")


class MyProposalsView(ContributorRequiredMixin, TemplateView):
    template_name = "contributions/my_proposals.html"
    per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposals = Proposal.objects.filter(contributor=self.request.user).select_related("page")
        context["page_obj"] = Paginator(proposals, self.per_page).get_page(
            self.request.GET.get("page")
        )
        return context


class ReportErrorView(RateLimitedMixin, ContributorRequiredMixin, FormView):
    template_name = "contributions/report_error.html"
    form_class = ErrorReportForm
    rate_limits = ("report", "report_ip")

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(
            visible_pages(Page.objects.filter(content_type__model__in=REPORTABLE_MODELS)),
            pk=kwargs["page_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(reported_page=self.page, **kwargs)

    def form_valid(self, form):
        services.report_error(self.page, self.request.user, form.cleaned_data["text"])
        messages.success(
            self.request,
            _("Thank you: the editorial team has received your report and will check the page."),
        )
        return redirect(self.page.url)


class MakeFicheView(LoginRequiredMixin, View):
    """POST only: the resolved topic's question and validated answer as a draft Q&A page."""

    http_method_names = ["post"]

    def post(self, request, topic_pk):
        topic = get_object_or_404(
            visible_topics(request).select_related("forum", "validated_post", "first_post"),
            pk=topic_pk,
        )
        if not can_make_fiche(request, topic):
            raise PermissionDenied(
                _("Only editors and moderators may turn an answer into a fiche.")
            )
        validated = topic.validated_post
        if validated is None or validated.is_hidden or not validated.approved:
            raise Http404(_("This topic has no validated answer."))
        page, created = services.fiche_from_answer(topic, request.user)
        if created:
            messages.success(request, _("A draft fiche has been created from this answer."))
        if page.permissions_for_user(request.user).can_edit():
            return redirect("wagtailadmin_pages:edit", page.pk)
        if created:
            services.start_review(page)
        messages.info(request, _("The editorial team will review it before it is published."))
        return redirect(topic.get_absolute_url())


class EditorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProposalsReportView(EditorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Admin "Propositions des membres": proposals (newest first) and error reports."""

    page_title = gettext_lazy("Members' proposals")
    header_icon = "group"
    template_name = "contributions/admin/proposals_report.html"
    per_page = 50

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        proposals = Proposal.objects.select_related("page", "contributor")
        if status in Proposal.Status.values:
            proposals = proposals.filter(status=status)
        context["status"] = status
        context["statuses"] = Proposal.Status.choices
        context["proposals"] = Paginator(proposals, self.per_page).get_page(
            self.request.GET.get("page")
        )
        context["error_reports"] = ErrorReport.objects.filter(
            comment__resolved_at__isnull=True, comment__isnull=False
        ).select_related("page", "reporter")[: self.per_page]
        context["edit_url_name"] = "wagtailadmin_pages:edit"
        context["proposals_url"] = reverse("member_proposals")
        return context
