"""Who knows what and the people who know: the expertise form, the directory ("Annuaire"),
"Solliciter un expert", assignment by a moderator, "Questions qui m'attendent", the référents.

Every view checks on the server who may use it; the directory and the lists read only what
members chose to show and what the reader may read (the visibility surface).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView, UpdateView, View
from machina.core.db.models import get_model

from cms.listing import filtered_listing
from community.accounts.roles import may_moderate_members
from community.forum_conversation.selectors import visible_topics
from community.ratelimits import RateLimitedMixin

from . import routing
from .filters import DirectoryFilter
from .forms import AssignForm, ChooseExpertsForm, ExpertiseForm, ReferentForm
from .models import Expertise, Referent

Topic = get_model("forum_conversation", "Topic")
User = get_user_model()


def is_member(user):
    """An approved member, whatever their role (the directory is for the community)."""
    return user.is_authenticated and user.is_approved


class MemberRequiredMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ExpertiseView(MemberRequiredMixin, UpdateView):
    """ "Mon entraide": the themes and publics a member declares, and what the directory shows."""

    template_name = "experts/expertise_form.html"
    form_class = ExpertiseForm

    def get_object(self, queryset=None):
        return Expertise.objects.filter(user=self.request.user).first() or Expertise(
            user=self.request.user
        )

    def get_success_url(self):
        return reverse("experts:expertise")

    def form_valid(self, form):
        messages.success(self.request, _("Your help profile is saved."))
        return super().form_valid(form)


DIRECTORY_PER_PAGE = 24


class DirectoryView(MemberRequiredMixin, TemplateView):
    """ "Annuaire": the members who opted in, with the fields they chose, filterable."""

    template_name = "experts/directory.html"
    query_parameters = ("q", "operator", "region", "theme", "audience", "page")

    def get_context_data(self, **kwargs):
        queryset = (
            Expertise.objects.filter(
                in_directory=True, user__is_active=True, user__status=User.Status.APPROVED
            )
            .select_related("user", "user__operator", "user__region")
            .prefetch_related(
                "themes",
                "audiences",
                Prefetch(
                    "user__referent_roles",
                    queryset=Referent.objects.select_related("theme", "operator"),
                ),
            )
            .order_by("user__display_name", "user__first_name", "user_id")
        )
        context = super().get_context_data(**kwargs)
        context.update(
            filtered_listing(self.request, DirectoryFilter, queryset, DIRECTORY_PER_PAGE)
        )
        context["own_expertise"] = Expertise.objects.filter(user=self.request.user).first()
        return context


class TopicRoutingMixin:
    """A question the reader may see, looked up through the visibility surface."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        self.topic = get_object_or_404(
            visible_topics(request).select_related("forum", "poster").prefetch_related("themes"),
            pk=kwargs["topic_pk"],
        )
        if not self.allowed():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def handler(self):
        return getattr(self.request, "forum_permission_handler", None)

    def suggestions(self):
        if not hasattr(self, "_suggestions"):
            self._suggestions = routing.suggest_experts(self.topic, self.request.user, self.handler)
        return self._suggestions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        context["forum"] = self.topic.forum  # the breadcrumb
        context["topic_url"] = self.topic.get_absolute_url()
        context["suggestions"] = self.suggestions()
        context["asked"] = self.topic.routings.requests().select_related("member")
        return context


class RequestHelpView(RateLimitedMixin, TopicRoutingMixin, FormView):
    """ "Solliciter un expert": the author or a moderator asks up to three suggested members."""

    template_name = "experts/request_help.html"
    form_class = ChooseExpertsForm
    rate_limits = ("expert_request",)

    def allowed(self):
        return routing.can_request_help(self.request.user, self.topic, self.handler)

    def get_form_kwargs(self):
        left = routing.requests_left(self.topic)
        self.requests_left = left
        return {
            **super().get_form_kwargs(),
            "suggestions": self.suggestions(),
            "limit": min(routing.MAX_CHOSEN, left),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["requests_left"] = self.requests_left
        return context

    def form_valid(self, form):
        if self.requests_left <= 0:
            form.add_error(None, _("This question was already sent to as many members as allowed."))
            return self.form_invalid(form)
        members = routing.request_help(self.topic, self.request.user, form.cleaned_data["members"])
        names = ", ".join(str(member.get_display_name()) for member in members)
        messages.success(
            self.request, _("Question sent to %(names)s: they are notified.") % {"names": names}
        )
        return redirect(self.topic.get_absolute_url())


class AssignView(TopicRoutingMixin, FormView):
    """A moderator of the rubric puts the question in the hands of one member."""

    template_name = "experts/assign.html"
    form_class = AssignForm

    def allowed(self):
        return routing.can_assign(self.request.user, self.topic, self.handler)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "suggestions": self.suggestions()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignment"] = (
            self.topic.routings.open_assignments().select_related("member").first()
        )
        return context

    def form_valid(self, form):
        member_id = form.cleaned_data.get("member")
        handle = form.cleaned_data.get("handle")
        if not member_id:
            member_id = (
                User.objects.filter(username__iexact=handle).values_list("pk", flat=True).first()
            )
        eligible = routing.eligible_members(self.topic, {member_id} if member_id else set())
        if member_id not in eligible:
            form.add_error(
                "handle" if handle else "member",
                _(
                    "This member cannot take this question: no approved member with this handle "
                    "may read and answer it."
                ),
            )
            return self.form_invalid(form)
        member = eligible[member_id]
        routing.assign(self.topic, self.request.user, member)
        messages.success(
            self.request,
            _("Question assigned to %(name)s: they are notified.")
            % {"name": member.get_display_name()},
        )
        return redirect(self.topic.get_absolute_url())


WAITING_PER_PAGE = 20


class WaitingQuestionsView(MemberRequiredMixin, ListView):
    """ "Questions qui m'attendent": assigned to the member or on which their help was asked."""

    template_name = "experts/waiting_questions.html"
    context_object_name = "topics"
    paginate_by = WAITING_PER_PAGE

    def get_queryset(self):
        handler = getattr(self.request, "forum_permission_handler", None)
        return routing.waiting_for(self.request.user, handler)


class ModeratorsOnlyMixin(LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not may_moderate_members(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReferentsView(ModeratorsOnlyMixin, FormView):
    """The référents per theme and per operator, appointed and removed by moderators."""

    template_name = "experts/referents.html"
    form_class = ReferentForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referents"] = Referent.objects.select_related("user", "theme", "operator")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        referent = Referent.objects.create(
            user=data["handle"],
            theme=data.get("theme"),
            operator=data.get("operator"),
            appointed_by=self.request.user,
        )
        messages.success(
            self.request,
            _("%(name)s is now referent for %(scope)s.")
            % {"name": referent.user.get_display_name(), "scope": referent.scope},
        )
        return redirect("experts:referents")


class RemoveReferentView(ModeratorsOnlyMixin, View):
    def post(self, request, pk):
        referent = (
            Referent.objects.select_related("user", "theme", "operator").filter(pk=pk).first()
        )
        if referent is None:
            raise Http404
        referent.delete()
        messages.success(
            request,
            _("%(name)s is no longer referent for %(scope)s.")
            % {"name": referent.user.get_display_name(), "scope": referent.scope},
        )
        return redirect("experts:referents")
