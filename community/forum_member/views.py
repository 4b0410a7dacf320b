"""machina's member pages (loaded before machina's own): hidden posts stay out of them, and an
address whose member id is not a number is a 404 (machina's routes accept any text there)."""

from django.http import Http404
from machina.apps.forum_member.views import ForumProfileDetailView as MachinaProfileView
from machina.apps.forum_member.views import UserPostsView as MachinaUserPostsView
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from cms.converters import is_database_id

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")


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
        readable = self.request.forum_permission_handler.get_readable_forums(
            Forum.objects.all(), self.request.user
        )
        context["recent_posts"] = (
            Post.approved_objects.select_related("topic", "topic__forum")
            .filter(topic__forum__in=readable, poster=self.object.user, is_hidden=False)
            .order_by("-created")[: machina_settings.PROFILE_RECENT_POSTS_NUMBER]
        )
        return context


class UserPostsView(MemberIdMixin, MachinaUserPostsView):
    def get_queryset(self):
        return super().get_queryset().filter(is_hidden=False)
