"""machina's moderation views (loaded before machina's own), recording who did what and when."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from machina.apps.forum_moderation import views as machina_views

from community.moderation.forms import RefusePostForm
from community.moderation.models import ModerationLogEntry
from community.moderation.refusals import refuse_post
from community.notifications.models import Notification
from community.notifications.services import mark_read
from community.privacy.detection import describe, find_personal_data, has_sensitive_data, highlight

Action = ModerationLogEntry.Action


def log(request, action, *, post=None, topic=None, details=""):
    ModerationLogEntry.objects.record(request.user, action, post=post, topic=topic, details=details)


class PostApproveView(machina_views.PostApproveView):
    def approve(self, request, *args, **kwargs):
        response = super().approve(request, *args, **kwargs)
        log(request, Action.APPROVE_POST, post=self.object)
        # Handled: the other moderators' alerts about it are read.
        mark_read(Notification.objects.filter(kind=Notification.Kind.POST_HELD, post=self.object))
        return response


class PostDisapproveView(machina_views.PostDisapproveView):
    """Refusing a held post asks why (a reason in a list, an explanation); the author is told and
    keeps their text (community/moderation/refusals.py)."""

    def get_queryset(self):
        return super().get_queryset().filter(approved=False).select_related("topic", "poster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RefusePostForm())
        context.update(held_post_context(self.object))
        return context

    def disapprove(self, request, *args, **kwargs):
        self.object = post = self.get_object()
        form = RefusePostForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        refuse_post(
            post, request.user, form.cleaned_data["reason"], form.cleaned_data["explanation"]
        )
        messages.success(
            request,
            _("The post is refused: its author is told why and keeps their text for %(days)s days.")
            % {"days": settings.COMCEP_REFUSED_POSTS_DAYS},
        )
        return HttpResponseRedirect(self.get_success_url())


class TopicLockView(machina_views.TopicLockView):
    def lock(self, request, *args, **kwargs):
        response = super().lock(request, *args, **kwargs)
        log(request, Action.LOCK_TOPIC, topic=self.object)
        return response


class TopicUnlockView(machina_views.TopicUnlockView):
    def unlock(self, request, *args, **kwargs):
        response = super().unlock(request, *args, **kwargs)
        log(request, Action.UNLOCK_TOPIC, topic=self.object)
        return response


class TopicMoveView(machina_views.TopicMoveView):
    def form_valid(self, form):
        origin = self.object.forum.name
        response = super().form_valid(form)
        log(
            request=self.request,
            action=Action.MOVE_TOPIC,
            topic=self.object,
            details=f"{origin} → {form.cleaned_data['forum'].name}",
        )
        return response


class TopicDeleteView(machina_views.TopicDeleteView):
    def form_valid(self, form):
        log(self.request, Action.DELETE_TOPIC, topic=self.get_object())
        return super().form_valid(form)


class ModerationQueueListView(machina_views.ModerationQueueListView):
    def get_queryset(self):
        return super().get_queryset().select_related("poster", "topic", "topic__forum")


class ModerationQueueDetailView(machina_views.ModerationQueueDetailView):
    def get_queryset(self):
        return super().get_queryset().select_related("poster", "topic", "topic__forum")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(held_post_context(self.object))
        return context


def held_post_context(post):
    """Why ``post`` waits, and its text with the personal data found highlighted.

    A post is held because its author confirmed a social security number or an IBAN (the
    guard), or because its author is a new member whose first posts are read first
    (``COMCEP_PREMODERATED_POSTS``)."""
    text = post.content.raw if hasattr(post.content, "raw") else str(post.content or "")
    subject = post.subject or ""
    findings = find_personal_data(text)
    subject_findings = find_personal_data(subject)
    everything = [*subject_findings, *findings]
    if has_sensitive_data(everything):
        reason = _(
            "Its author confirmed that it holds personal data to be checked first: %(kinds)s."
        ) % {"kinds": describe(everything)}
    else:
        reason = _("The first posts of a new member are read by a moderator before they appear.")
    return {
        "held_reason": reason,
        "personal_data_found": describe(everything) if everything else "",
        "highlighted_text": highlight(text, findings) if findings else None,
        "highlighted_subject": highlight(subject, subject_findings) if subject_findings else None,
    }
