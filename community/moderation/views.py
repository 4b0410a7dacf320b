"""Reporting a post, and the moderators' queues: reports, members waiting, and the log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, View
from machina.core.db.models import get_model

from community.accounts import membership
from community.accounts.roles import may_moderate_members
from community.forum_conversation.selectors import visible_posts
from community.ratelimits import RateLimitedMixin

from . import alerts, services
from .forms import MemberDecisionForm, PostReportForm, ReportActionForm
from .models import ModerationLogEntry, PostReport, RefusedPost

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
User = get_user_model()


def post_url(post):
    return post.get_absolute_url()


class ModeratorRequiredMixin(LoginRequiredMixin):
    """Only members who can approve posts in at least one rubric."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.forum_permission_handler.can_access_moderation_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def moderated_forums(self):
        return self.request.forum_permission_handler.get_moderation_queue_forums(self.request.user)


class MemberModeratorRequiredMixin(ModeratorRequiredMixin):
    """Membership (the sign-up queue, with the applicants' e-mail addresses, and suspended
    members) is for the general moderators: the pilot group's moderators are refused (403)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_moderate_members(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportPostView(RateLimitedMixin, LoginRequiredMixin, FormView):
    template_name = "community/report_form.html"
    form_class = PostReportForm
    rate_limits = ("report", "report_ip")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.post_obj = get_object_or_404(
            visible_posts(request)
            .filter(approved=True)
            .select_related("topic", "topic__forum", "poster"),
            pk=kwargs["post_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reported_post=self.post_obj, back_url=post_url(self.post_obj), **kwargs
        )

    def form_valid(self, form):
        report = form.save(commit=False)
        report.post = self.post_obj
        report.reporter = self.request.user
        report.save()
        alerts.report_created(report)
        messages.success(
            self.request,
            _("Thank you: the moderators have received your report and will look at it."),
        )
        return redirect(post_url(self.post_obj))


class ReportQueueView(ModeratorRequiredMixin, ListView):
    template_name = "community/moderation/report_queue.html"
    context_object_name = "reports"
    paginate_by = 20

    def get_queryset(self):
        return (
            PostReport.objects.filter(
                status=PostReport.Status.OPEN, post__topic__forum__in=self.moderated_forums()
            )
            .select_related("reporter", "post", "post__poster", "post__topic", "post__topic__forum")
            .order_by("created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["action_form"] = ReportActionForm()
        if may_moderate_members(self.request.user):
            context["pending_members_count"] = pending_members().count()
        return context


class ReportActionView(ModeratorRequiredMixin, FormView):
    form_class = ReportActionForm
    template_name = "community/moderation/report_action.html"

    def get_report(self):
        report = get_object_or_404(
            PostReport.objects.select_related(
                "post", "post__poster", "post__topic", "post__topic__forum", "reporter"
            ),
            pk=self.kwargs["pk"],
        )
        if report.post.topic.forum not in self.moderated_forums():
            raise PermissionDenied
        return report

    def get_context_data(self, **kwargs):
        return super().get_context_data(report=self.get_report(), **kwargs)

    def form_valid(self, form):
        report = self.get_report()
        if report.status != PostReport.Status.OPEN:
            messages.info(self.request, _("This report has already been handled."))
            return redirect("community:report_queue")
        actor, message = self.request.user, form.cleaned_data["message"]
        action = form.cleaned_data["action"]
        handler = self.request.forum_permission_handler
        if action == form.DELETE and not handler.can_delete_post(report.post, actor):
            raise PermissionDenied
        {
            form.DISMISS: services.dismiss,
            form.HIDE: services.hide_post,
            form.DELETE: services.delete_post,
            form.WARN: services.warn_author,
            form.SUSPEND: services.suspend_author,
        }[action](report, actor, message)
        messages.success(self.request, _("Done: the action is recorded in the moderation log."))
        return redirect("community:report_queue")


def pending_members():
    return User.objects.filter(status=User.Status.PENDING, email_confirmed=True)


class MemberQueueView(MemberModeratorRequiredMixin, ListView):
    template_name = "community/moderation/member_queue.html"
    context_object_name = "members"
    paginate_by = 30

    def get_queryset(self):
        return pending_members().select_related("operator", "region").order_by("date_joined")

    def get_context_data(self, **kwargs):
        suspended = User.objects.filter(status=User.Status.SUSPENDED).select_related("operator")
        return super().get_context_data(suspended_members=suspended.order_by("username"), **kwargs)


class MemberDecisionView(MemberModeratorRequiredMixin, View):
    def post(self, request, pk):
        member = get_object_or_404(pending_members(), pk=pk)
        form = MemberDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or to refuse the membership."))
        elif form.cleaned_data["decision"] == form.APPROVE:
            membership.approve(member, actor=request.user)
            messages.success(
                request,
                _("%(name)s is approved and can now post.") % {"name": member.get_display_name()},
            )
        else:
            name = member.get_display_name()
            membership.reject(member, actor=request.user)
            messages.success(request, _("The membership of %(name)s is refused.") % {"name": name})
        return redirect("community:member_queue")


class MemberReinstateView(MemberModeratorRequiredMixin, View):
    def post(self, request, pk):
        member = get_object_or_404(User, pk=pk, status=User.Status.SUSPENDED)
        membership.reinstate(member, actor=request.user)
        messages.success(
            request,
            _("%(name)s is reinstated and can sign in again.")
            % {"name": member.get_display_name()},
        )
        return redirect("community:member_queue")


class ModerationLogView(ModeratorRequiredMixin, ListView):
    template_name = "community/moderation/log.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        return ModerationLogEntry.objects.for_moderator(
            self.moderated_forums(), moderates_members=may_moderate_members(user), actor=user
        ).select_related("actor", "member")


class ShowHiddenPostView(LoginRequiredMixin, View):
    """A moderator puts a hidden post back in view."""

    def post(self, request, post_pk):
        post = get_object_or_404(
            visible_posts(request).select_related("topic", "topic__forum"),
            pk=post_pk,
            is_hidden=True,
        )
        handler = request.forum_permission_handler
        if not handler.can_approve_posts(post.topic.forum, request.user):
            raise PermissionDenied
        services.show_post(post, request.user)
        messages.success(request, _("The post is visible again."))
        return redirect(post_url(post))


class RefusedPostListView(LoginRequiredMixin, ListView):
    """ "Mes messages refusés": the member's refused posts, their reason and their text as written,
    kept ``COMCEP_REFUSED_POSTS_DAYS`` days; nobody else reads them."""

    template_name = "community/moderation/refused_posts.html"
    context_object_name = "refused_posts"
    paginate_by = 20

    def get_queryset(self):
        return (
            RefusedPost.objects.kept()
            .filter(author=self.request.user)
            .select_related("forum", "topic", "topic__forum")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A refused reply links to its topic when the member may still read it.
        topic_ids = {refused.topic_id for refused in context["refused_posts"] if refused.topic_id}
        readable = set()
        if topic_ids:
            readable = set(
                Topic.objects.visible_to(self.request.user, self.request.forum_permission_handler)
                .filter(pk__in=topic_ids, approved=True)
                .values_list("pk", flat=True)
            )
        for refused in context["refused_posts"]:
            refused.readable_topic = refused.topic if refused.topic_id in readable else None
        context["days"] = settings.COMCEP_REFUSED_POSTS_DAYS
        return context
