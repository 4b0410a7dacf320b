"""The members' side: the feedback form, "My feedback", and the proposals of rubrics and themes."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, FormView, ListView, View

from community.accounts.roles import may_participate
from community.ratelimits import RateLimitedMixin

from . import services
from .forms import DecisionForm, FeedbackForm, ProposalForm, local_path
from .models import Feedback, Proposal, Support


def is_approved_member(user):
    return user.is_authenticated and user.is_approved


def is_moderator(request):
    return request.user.is_authenticated and (
        request.forum_permission_handler.can_access_moderation_queue(request.user)
    )


class ApprovedMemberMixin(LoginRequiredMixin):
    """Signed-in members whose membership is approved; others are refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_approved_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ParticipantMixin(ApprovedMemberMixin):
    """Approved members with a role that posts (not partners): 403 for the others."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_participate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class FeedbackView(RateLimitedMixin, ApprovedMemberMixin, FormView):
    """The beta feedback form. The footer of every page posts here; an error shows this page
    with what the member typed."""

    form_class = FeedbackForm
    template_name = "pilot/feedback_form.html"
    rate_limits = ("feedback",)

    def get_initial(self):
        return {"page": local_path(self.request.GET.get("page")) or "/"}

    def form_valid(self, form):
        feedback = form.save(commit=False)
        feedback.author = self.request.user
        feedback.operator_id = self.request.user.operator_id
        feedback.page_path = form.cleaned_data["page"]
        feedback.save()
        messages.success(
            self.request, _("Thank you for your feedback: the ComCep team will read it.")
        )
        return redirect(feedback.page_path)


class MyFeedbackView(ApprovedMemberMixin, ListView):
    template_name = "pilot/my_feedback.html"
    context_object_name = "feedback_list"

    def get_queryset(self):
        return (
            Feedback.objects.filter(author=self.request.user)
            .prefetch_related("you_said_entries")
            .order_by("-created", "-pk")
        )


class ProposalListView(ApprovedMemberMixin, ListView):
    """Open proposals, most supported first; then the decided ones."""

    template_name = "pilot/proposal_list.html"
    context_object_name = "proposals"

    def get_queryset(self):
        mine = Support.objects.filter(proposal=OuterRef("pk"), member=self.request.user)
        return (
            Proposal.objects.filter(status=Proposal.Status.OPEN)
            .with_support()
            .annotate(supported=Exists(mine))
            .select_related("proposer")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["decided"] = (
            Proposal.objects.exclude(status=Proposal.Status.OPEN)
            .with_support()
            .select_related("theme", "forum")
            .order_by("-decided_at", "-pk")[:20]
        )
        context["is_moderator"] = is_moderator(self.request)
        context["may_participate"] = may_participate(self.request.user)
        return context


class ProposalCreateView(RateLimitedMixin, ParticipantMixin, CreateView):
    form_class = ProposalForm
    template_name = "pilot/proposal_form.html"
    rate_limits = ("rubric_proposal",)

    def form_valid(self, form):
        form.instance.proposer = self.request.user
        self.object = form.save()
        Support.objects.create(proposal=self.object, member=self.request.user)
        messages.success(
            self.request,
            _("Your proposal is online: colleagues can support it, then the moderators decide."),
        )
        return redirect("pilot:proposals")


class SupportView(ApprovedMemberMixin, View):
    """POST only: add (``support``) or withdraw (``withdraw``) the member's support. Only members
    who take part may support; anyone may withdraw a support they gave."""

    action = "support"

    def post(self, request, pk):
        if self.action == "support" and not may_participate(request.user):
            raise PermissionDenied
        proposal = get_object_or_404(Proposal, pk=pk)
        if self.action == "support":
            if services.support(proposal, request.user):
                messages.success(request, _("Your support is counted."))
        elif services.withdraw(proposal, request.user):
            messages.success(request, _("Your support is withdrawn."))
        return redirect(f"{reverse('pilot:proposals')}#proposition-{proposal.pk}")


class DecisionView(ApprovedMemberMixin, FormView):
    """A moderator accepts a proposal (the rubric or the theme is created) or declines it."""

    form_class = DecisionForm
    template_name = "pilot/proposal_decision.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_moderator(request):
            raise PermissionDenied
        self.proposal = get_object_or_404(
            Proposal.objects.with_support(), pk=kwargs["pk"], status=Proposal.Status.OPEN
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def form_valid(self, form):
        if form.cleaned_data["decision"] == "accept":
            proposal = services.accept(self.proposal, self.request.user)
            messages.success(
                self.request,
                _("Accepted: “%(name)s” is created and the proposer is told.")
                % {"name": proposal.name},
            )
        else:
            services.decline(self.proposal, self.request.user, form.cleaned_data["reason"])
            messages.success(self.request, _("Declined: the proposer is told why."))
        return redirect("pilot:proposals")
