"""Forum views: machina's, extended (machina loads this module before its own), and ours.

- ``TopicView``: a topic's posts with their authors' profiles in one query, hidden posts masked;
- ``RubricView``: a rubric's topics, filtered by theme (shadows machina's forum page URL);
- ``ThemeView``: one theme's topics across every rubric the reader may read;
- ``TopicListView``: every readable topic, filtered by theme and rubric;
- ``TopicCreateView``, ``PostCreateView``: machina's, rate-limited (community/ratelimits.py).
"""

from django import forms
from django.contrib import messages
from django.db.models import Prefetch
from django.forms import modelformset_factory
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import ListView
from machina.apps.forum.views import ForumView
from machina.apps.forum_conversation.forum_polls.forms import (
    BaseTopicPollOptionFormset,
    TopicPollOptionForm,
)
from machina.apps.forum_conversation.views import PostCreateView as MachinaPostCreateView
from machina.apps.forum_conversation.views import TopicCreateView as MachinaTopicCreateView
from machina.apps.forum_conversation.views import TopicUpdateView as MachinaTopicUpdateView
from machina.apps.forum_conversation.views import TopicView as MachinaTopicView
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme
from community.ratelimits import RateLimitedMixin

from .filters import TopicFilter

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

THEMES = Prefetch("themes", queryset=Theme.objects.order_by("sort_order", "name"))


def topic_list_queryset():
    return (
        Topic.approved_objects.exclude(type=Topic.TOPIC_ANNOUNCE)
        .select_related("forum", "poster", "last_post", "last_post__poster")
        .prefetch_related(THEMES)
        .order_by("-type", "-last_post_on")
    )


def can_moderate(request, forum):
    return request.forum_permission_handler.can_approve_posts(forum, request.user)


class TopicView(MachinaTopicView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("poster__operator", "poster__region", "poster__forum_profile")
        )

    def get_topic(self):
        if not hasattr(self, "topic"):
            self.topic = get_object_or_404(
                Topic.objects.select_related("forum").prefetch_related(THEMES),
                pk=self.kwargs["pk"],
            )
        return self.topic

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_moderate"] = can_moderate(self.request, context["forum"])
        return context


class PollOptionFormset(BaseTopicPollOptionFormset):
    """machina's poll options, with a French error (machina's message is not translatable)."""

    def clean(self):
        try:
            super().clean()
        except forms.ValidationError:
            raise forms.ValidationError(_("Give at least two poll options.")) from None


# Five empty options (machina shows two and relies on JavaScript to add more).
PollOptionFormsetFactory = modelformset_factory(
    TopicPollOption,
    TopicPollOptionForm,
    formset=PollOptionFormset,
    can_delete=True,
    extra=5,
    max_num=machina_settings.POLL_MAX_OPTIONS_PER_POLL,
    validate_max=True,
)


# A new topic and a reply count against the same limits (a preview counts for nothing).
POST_RATE_LIMITS = ("post", "post_hourly", "post_ip")


class TopicCreateView(RateLimitedMixin, MachinaTopicCreateView):
    poll_option_formset_class = PollOptionFormsetFactory
    rate_limits = POST_RATE_LIMITS


class PostCreateView(RateLimitedMixin, MachinaPostCreateView):
    rate_limits = POST_RATE_LIMITS


class TopicUpdateView(MachinaTopicUpdateView):
    poll_option_formset_class = PollOptionFormsetFactory


class FilteredTopicsMixin:
    """Bind a TopicFilter to the query string; an invalid value is ignored, with a message."""

    filter_with_rubric = True

    def readable_forums(self):
        handler = self.request.forum_permission_handler
        return handler.get_readable_forums(Forum.objects.all(), self.request.user)

    def filter_topics(self, queryset):
        self.filterset = TopicFilter(
            self.request.GET or None,
            queryset=queryset,
            readable_forums=self._readable if self.filter_with_rubric else (),
            with_rubric=self.filter_with_rubric,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            messages.warning(
                self.request,
                _("A filter value was not recognised and has been ignored."),
            )
        return self.filterset.qs.distinct()


class RubricView(FilteredTopicsMixin, ForumView):
    """machina's rubric page, whose topics can be filtered by theme."""

    filter_with_rubric = False

    def get_queryset(self):
        return self.filter_topics(super().get_queryset().prefetch_related(THEMES))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["can_moderate"] = can_moderate(self.request, context["forum"])
        return context


class TopicListView(FilteredTopicsMixin, ListView):
    template_name = "community/topic_list.html"
    context_object_name = "topics"
    paginate_by = machina_settings.FORUM_TOPICS_NUMBER_PER_PAGE

    def get_queryset(self):
        self._readable = self.readable_forums()
        return self.filter_topics(topic_list_queryset().filter(forum__in=self._readable))

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ThemeView(ListView):
    template_name = "community/theme_detail.html"
    context_object_name = "topics"
    paginate_by = machina_settings.FORUM_TOPICS_NUMBER_PER_PAGE

    def get_queryset(self):
        self.theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        readable = self.request.forum_permission_handler.get_readable_forums(
            Forum.objects.all(), self.request.user
        )
        return topic_list_queryset().filter(themes=self.theme, forum__in=readable)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            theme=self.theme, themes=Theme.objects.order_by("sort_order", "name"), **kwargs
        )
