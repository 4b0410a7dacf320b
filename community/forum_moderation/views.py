"""machina's moderation views (loaded before machina's own), recording who did what and when."""

from machina.apps.forum_moderation import views as machina_views

from community.moderation.models import ModerationLogEntry

Action = ModerationLogEntry.Action


def log(request, action, *, post=None, topic=None, details=""):
    ModerationLogEntry.objects.record(request.user, action, post=post, topic=topic, details=details)


class PostApproveView(machina_views.PostApproveView):
    def approve(self, request, *args, **kwargs):
        response = super().approve(request, *args, **kwargs)
        log(request, Action.APPROVE_POST, post=self.object)
        return response


class PostDisapproveView(machina_views.PostDisapproveView):
    def disapprove(self, request, *args, **kwargs):
        post = self.get_object()
        log(request, Action.REJECT_POST, topic=post.topic, details=post.content.raw[:300])
        return super().disapprove(request, *args, **kwargs)


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
