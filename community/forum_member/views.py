"""machina's member pages (loaded before machina's own): only what the reader may read.

Counts, recent posts and post lists go through ``visible_to``: a post waiting for approval, a hidden
post or a post of a rubric the reader cannot read is absent, and counted nowhere. An address whose
member id is not a number is a 404 (machina's routes accept any text there).
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import RedirectView
from machina.apps.forum_member.views import ForumProfileDetailView as MachinaProfileView
from machina.apps.forum_member.views import TopicSubscribeView as MachinaTopicSubscribeView
from machina.apps.forum_member.views import TopicUnsubscribeView as MachinaTopicUnsubscribeView
from machina.apps.forum_member.views import UserPostsView as MachinaUserPostsView
from machina.conf import settings as machina_settings

from cms.converters import is_database_id
from community.forum_conversation.selectors import visible_posts, visible_topics
from community.notifications.services import follow, unfollow


class MemberIdMixin:
    """404 unless the ``pk`` of the address is a database id."""

    def dispatch(self, request, *args, **kwargs):
        if not is_database_id(kwargs.get("pk", "")):
            raise Http404("No member has this id.")
        return super().dispatch(request, *args, **kwargs)


class ForumProfileDetailView(MemberIdMixin, MachinaProfileView):
    def get_queryset(self):
        return super().get_queryset().select_related("operator", "region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request, member = self.request, self.object.user
        context["topics_count"] = (
            visible_topics(request).filter(poster=member, approved=True).count()
        )
        # Answers of this member that a topic's author or a moderator validated (one query).
        context["validated_answers_count"] = (
            visible_topics(request).filter(validated_post__poster=member, approved=True).count()
        )
        context["recent_posts"] = (
            visible_posts(request)
            .filter(poster=member, approved=True, is_hidden=False)
            .select_related("topic", "topic__forum")
            .order_by("-created")[: machina_settings.PROFILE_RECENT_POSTS_NUMBER]
        )
        return context


class UserPostsView(MemberIdMixin, MachinaUserPostsView):
    def get_queryset(self):
        return (
            visible_posts(self.request)
            .filter(poster=self.poster, approved=True, is_hidden=False)
            .select_related("topic", "topic__forum", "poster")
            .prefetch_related("poster__forum_profile")
            .order_by("-created")
        )


class VisibleTopicMixin:
    def get_queryset(self):
        return visible_topics(self.request)


class TopicSubscribeView(VisibleTopicMixin, MachinaTopicSubscribeView):
    """machina's "subscribe" address follows the topic: one follow mechanism, the project's
    (community/notifications); machina's subscriptions are no longer written."""

    def subscribe(self, request, *args, **kwargs):
        self.object = self.get_object()
        follow(request.user, self.object)
        messages.success(
            request,
            _("You follow “%(name)s”: you will be notified of what is new.")
            % {"name": self.object},
        )
        return HttpResponseRedirect(self.get_success_url())


class TopicUnsubscribeView(VisibleTopicMixin, MachinaTopicUnsubscribeView):
    """machina's "unsubscribe" address stops following the topic."""

    def perform_permissions_check(self, user, obj, perms):
        return user.is_authenticated

    def unsubscribe(self, request, *args, **kwargs):
        self.object = self.get_object()
        unfollow(request.user, self.object)
        messages.success(request, _("You no longer follow “%(name)s”.") % {"name": self.object})
        return HttpResponseRedirect(self.get_success_url())


class TopicSubscriptionListView(LoginRequiredMixin, RedirectView):
    """machina's list of subscriptions: what the member follows is listed by the project."""

    url = reverse_lazy("notifications:follows")
