"""The member's side of notifications: the centre, follows, preferences, digest preview, and the
one-click unsubscribe (the only view here that works without signing in)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView, UpdateView
from machina.core.db.models import get_model

from community.accounts.roles import may_participate
from community.forum_conversation.selectors import visible_posts, visible_topics
from community.forum_conversation.visibility import ForumAccess

from . import services
from .digest import build_digests, notification_links
from .emails import DIGEST, read_unsubscribe_token
from .forms import PreferencesForm
from .models import (
    MODERATOR_KINDS,
    Delivery,
    DigestDelivery,
    Follow,
    Notification,
    NotificationPreferences,
)

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
NOTIFICATIONS_PER_PAGE = 20


def visible_notifications(request):
    """The member's notifications about what they may still read (a topic may have moved)."""
    return (
        Notification.objects.filter(recipient=request.user)
        .filter(
            Q(topic__isnull=True)
            | Q(topic__in=visible_topics(request).filter(approved=True))
            # What waits for moderators: a new topic held for approval (moderators see it).
            | Q(kind__in=MODERATOR_KINDS, topic__in=visible_topics(request))
        )
        .filter(Q(post__isnull=True) | Q(post__in=visible_posts(request)))
    )


class NotificationListView(LoginRequiredMixin, TemplateView):
    template_name = "notifications/notification_list.html"

    def get_context_data(self, **kwargs):
        queryset = visible_notifications(self.request).select_related(
            "actor", "topic", "topic__forum", "post"
        )
        page = Paginator(queryset, NOTIFICATIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        for notification in page.object_list:
            notification.summary = services.summary(notification)
        return super().get_context_data(
            page_obj=page,
            notifications=page.object_list,
            has_unread=Notification.objects.filter(
                recipient=self.request.user, read_at__isnull=True
            ).exists(),
            **kwargs,
        )


class NotificationOpenView(LoginRequiredMixin, View):
    """Opening a notification marks it read and leads to what it is about."""

    def get(self, request, pk):
        notification = get_object_or_404(
            visible_notifications(request).select_related("topic", "topic__forum", "post"), pk=pk
        )
        services.mark_read(Notification.objects.filter(pk=notification.pk))
        return redirect(services.target_url(notification))


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.mark_read(Notification.objects.filter(recipient=request.user))
        if count:
            messages.success(request, _("All your notifications are marked as read."))
        return redirect("notifications:list")


def _next_url(request, fallback):
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return fallback


class FollowView(LoginRequiredMixin, View):
    """Follow or stop following a topic, a rubric or a theme the member may read (POST only).

    Only members who take part (``may_participate``: not partners nor pending members) may follow;
    anyone may stop following."""

    def post(self, request):
        unfollow = request.POST.get("action") == "unfollow"
        if not unfollow and not may_participate(request.user):
            raise PermissionDenied
        kind = request.POST.get("target", "")
        try:
            pk = int(request.POST.get("pk", ""))
        except ValueError:
            raise Http404 from None
        target = services.readable_target(
            request.user, kind, pk, getattr(request, "forum_permission_handler", None)
        )
        if target is None:
            raise Http404
        if unfollow:
            services.unfollow(request.user, target)
            messages.success(request, _("You no longer follow “%(name)s”.") % {"name": target})
        else:
            services.follow(request.user, target)
            messages.success(
                request,
                _("You follow “%(name)s”: you will be notified of what is new.") % {"name": target},
            )
        return redirect(_next_url(request, reverse("notifications:follows")))


class FollowListView(LoginRequiredMixin, TemplateView):
    """ "Mes abonnements": what the member follows and may still read."""

    template_name = "notifications/follow_list.html"

    def get_context_data(self, **kwargs):
        follows = Follow.objects.filter(user=self.request.user).select_related(
            "topic", "topic__forum", "forum", "theme"
        )
        handler = getattr(self.request, "forum_permission_handler", None)

        access = ForumAccess.for_user(self.request.user, handler)
        topics = follows.filter(topic__in=visible_topics(self.request).filter(approved=True))
        return super().get_context_data(
            topics=topics.order_by("-topic__last_post_on"),
            forums=follows.filter(forum__in=access.readable).order_by("forum__name"),
            themes=follows.filter(theme__isnull=False).order_by("theme__name"),
            **kwargs,
        )


class PreferencesView(LoginRequiredMixin, UpdateView):
    template_name = "notifications/preferences.html"
    form_class = PreferencesForm

    def get_object(self, queryset=None):
        return NotificationPreferences.for_user(self.request.user)

    def form_valid(self, form):
        form.instance.user = self.request.user
        form.save()
        messages.success(self.request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")


class DigestPreviewView(LoginRequiredMixin, TemplateView):
    """The member's own digest as it would be sent now (nothing is recorded or sent)."""

    template_name = "notifications/digest_preview.html"

    def get_context_data(self, **kwargs):
        period = self.request.GET.get("periode")
        if period not in DigestDelivery.Period.values:
            period = DigestDelivery.Period.WEEKLY
        User = get_user_model()
        digest = build_digests(User.objects.filter(pk=self.request.user.pk), period)[
            self.request.user.pk
        ]
        return super().get_context_data(
            digest=digest,
            period=period,
            periods=DigestDelivery.Period.choices,
            notification_links=notification_links(digest),
            **kwargs,
        )


def _invalid_link(request):
    return HttpResponseBadRequest(
        render_to_string("notifications/unsubscribe_invalid.html", request=request)
    )


# What each kind of e-mail covers, in the words of the unsubscribe page.
UNSUBSCRIBE_SCOPES = {
    Notification.Kind.REPLY: gettext_lazy(
        "The e-mails about new replies in the topics this account follows, for all of them."
    ),
    Notification.Kind.NEW_TOPIC: gettext_lazy(
        "The e-mails about new topics in the rubrics and themes this account follows, for all "
        "of them."
    ),
    Notification.Kind.MENTION: gettext_lazy(
        "The e-mails sent when a member mentions this account."
    ),
    Notification.Kind.ANSWER_VALIDATED: gettext_lazy(
        "The e-mails sent when an answer of this account is validated."
    ),
    Notification.Kind.MEMBERSHIP_APPROVED: gettext_lazy(
        "The e-mail sent when this account's membership is approved."
    ),
    Notification.Kind.REPORT_HANDLED: gettext_lazy(
        "The e-mails sent when a report of this account is handled."
    ),
    Notification.Kind.EXPERT_REQUEST: gettext_lazy(
        "The e-mails sent when a member asks this account for help on a question."
    ),
    Notification.Kind.QUESTION_ASSIGNED: gettext_lazy(
        "The e-mails sent when a moderator assigns a question to this account."
    ),
    Notification.Kind.ASSIGNMENT_RETURNED: gettext_lazy(
        "The e-mails sent when an assigned question is still unanswered after the delay."
    ),
    Notification.Kind.NEW_REPORT: gettext_lazy(
        "The e-mails sent when a post is reported in a rubric this account moderates."
    ),
    Notification.Kind.POST_HELD: gettext_lazy(
        "The e-mails sent when a post waits for approval in a rubric this account moderates."
    ),
    Notification.Kind.MEMBER_WAITING: gettext_lazy(
        "The e-mails sent when a sign-up waits for approval."
    ),
    Notification.Kind.POST_REFUSED: gettext_lazy(
        "The e-mails sent when the moderators refuse a post of this account."
    ),
    Notification.Kind.CONSULTATION_OPENED: gettext_lazy(
        "The e-mails sent when a consultation opens to this account."
    ),
}


@method_decorator(csrf_exempt, name="dispatch")  # one-click POST from a mail client (RFC 8058)
class UnsubscribeView(View):
    """A signed link from an e-mail: confirm (GET), then unsubscribe that member from that kind
    (POST, also the mail client's one-click POST). No sign-in needed, no other member touched.

    The link acts for the member it was sent to, whoever opens it (RFC 8058): the page says which
    e-mails it stops and for whose account (their display name, never their address), and warns
    a different member who is signed in that their own e-mails are not the ones changed."""

    def dispatch(self, request, token):
        try:
            self.user_id, self.kind = read_unsubscribe_token(token)
        except signing.BadSignature:
            return _invalid_link(request)
        self.user = get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
        if self.user is None or not self._fields():
            return _invalid_link(request)
        return super().dispatch(request, token)

    def _period(self):
        return self.kind.split(":", 1)[1] if self.kind.startswith(f"{DIGEST}:") else None

    def _fields(self):
        if period := self._period():
            if period not in DigestDelivery.Period.values:
                return []
            prefs = NotificationPreferences.for_user(self.user)
            return ["digest"] + [
                kind for kind in Notification.Kind.values if getattr(prefs, kind) == period
            ]
        return [self.kind] if self.kind in Notification.Kind.values else []

    def _label(self):
        if self._period():
            return _("the digest")
        return Notification.Kind(self.kind).label

    def _context(self, done, prefs):
        """What the page says: the subscription, its current setting, whose it is, who reads."""
        period = self._period()
        if period:
            kinds = [Notification.Kind(kind).label for kind in self._fields()[1:]]
            scope = (
                _("The daily digest (news, offers, videos and what is new in the forum).")
                if period == DigestDelivery.Period.DAILY
                else _("The weekly digest (news, offers, videos and what is new in the forum).")
            )
        else:
            kinds, scope = [], UNSUBSCRIBE_SCOPES[self.kind]
        field = self._fields()[0]
        reader = self.request.user
        signed_in = reader.is_authenticated
        return {
            "label": self._label(),
            "scope": scope,
            "also_stopped": kinds,
            "current": getattr(prefs, f"get_{field}_display")(),
            "owner_name": self.user.get_display_name(),
            "is_owner": signed_in and reader.pk == self.user.pk,
            "other_member_name": (
                reader.get_display_name() if signed_in and reader.pk != self.user.pk else None
            ),
            "done": done,
        }

    def get(self, request, token):
        prefs = NotificationPreferences.for_user(self.user)
        return render(request, "notifications/unsubscribe.html", self._context(False, prefs))

    def post(self, request, token):
        prefs = NotificationPreferences.for_user(self.user)
        context = self._context(True, prefs)
        for name in self._fields():
            setattr(prefs, name, "never")
        prefs.save()
        context["current"] = Delivery.NEVER.label
        return render(request, "notifications/unsubscribe.html", context)
