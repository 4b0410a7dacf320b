"""Forum views: machina's, extended (machina loads this module before its own), and ours.

Every topic and post these views show or act on is looked up through ``visible_to`` (see
visibility.py): a pending, hidden or private one is a 404 for whoever may not read it.

- ``TopicView``: a topic's visible posts with their authors' profiles in one query;
- ``TopicCreateView``, ``TopicUpdateView``, ``PostCreateView``, ``PostUpdateView``,
  ``PostDeleteView``: machina's forms, on visible topics and posts only;
- ``RubricView``: a rubric's topics, filtered by theme (shadows machina's forum page URL);
- ``ThemeView``: one theme's topics across every rubric the reader may read;
- ``TopicListView``: every readable topic, filtered by theme and rubric.

``TopicCreateView`` and ``PostCreateView`` are also rate-limited (community/ratelimits.py), and
create one topic or post per form sent (``SubmittedOnceMixin``).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, View
from machina.apps.forum import views as machina_forum_views
from machina.apps.forum.views import ForumView
from machina.apps.forum.views import IndexView as MachinaIndexView
from machina.apps.forum.visibility import ForumVisibilityContentTree
from machina.apps.forum_conversation.forum_polls.forms import (
    BaseTopicPollOptionFormset,
    TopicPollOptionForm,
)
from machina.apps.forum_conversation.forum_polls.views import (
    TopicPollVoteView as MachinaTopicPollVoteView,
)
from machina.apps.forum_conversation.signals import topic_viewed
from machina.apps.forum_conversation.views import PostCreateView as MachinaPostCreateView
from machina.apps.forum_conversation.views import PostDeleteView as MachinaPostDeleteView
from machina.apps.forum_conversation.views import PostUpdateView as MachinaPostUpdateView
from machina.apps.forum_conversation.views import TopicCreateView as MachinaTopicCreateView
from machina.apps.forum_conversation.views import TopicUpdateView as MachinaTopicUpdateView
from machina.apps.forum_conversation.views import TopicView as MachinaTopicView
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from cms.performance.invalidation import CONTENT, FORUM, depends_on, rubric_key, topic_key
from cms.performance.membercache import mark_uncacheable, serve_for_member
from cms.performance.pagecache import filterset_parameters
from cms.performance.paging import BoundedPaginator
from cms.performance.shared import remember
from cms.taxonomies.models import Theme
from community.contributions.topics import allow_players, topic_context
from community.drafts.views import DraftFormMixin
from community.forum_tracking.marks import is_new, read_marks, topic_mark
from community.notifications.signals import follows_version
from community.ratelimits import RateLimitedMixin

from .answers import can_be_validated, can_validate, remove_validation, validate_answer
from .counters import count_view
from .filters import SCOPES, STATES, TopicFilter
from .selectors import visible_posts, visible_topics
from .suggestions import SimilarQuestionsMixin

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")

THEMES = Prefetch("themes", queryset=Theme.objects.order_by("sort_order", "name"))


def topic_list_queryset(request, queryset=None):
    """Listed topics: visible and approved (an author finds a pending topic by its own URL)."""
    return (
        visible_topics(request, queryset)
        .filter(approved=True)
        .exclude(type=Topic.TOPIC_ANNOUNCE)
        .select_related("forum", "poster", "last_post", "last_post__poster")
        .prefetch_related(THEMES)
        .order_by("-type", "-last_post_on")
    )


def can_moderate(request, forum):
    return request.forum_permission_handler.can_approve_posts(forum, request.user)


class AnonymousLoginMixin:
    """An anonymous visitor who may not see a topic or post is asked to sign in (not told 404).

    Whether or not it exists: the sign-in page reveals nothing either way.
    """

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())


class VisibleContentMixin(AnonymousLoginMixin):
    """machina's form views, with their topic and post looked up among the visible ones."""

    def get_topic(self):
        pk = self.kwargs.get(self.topic_pk_url_kwarg)
        if not pk:
            return None
        if not hasattr(self, "_topic"):
            self._topic = get_object_or_404(
                visible_topics(self.request).select_related("forum"), pk=pk
            )
        return self._topic

    def get_post(self):
        pk = self.kwargs.get(self.post_pk_url_kwarg)
        if not pk:
            return None
        if not hasattr(self, "_forum_post"):
            self._forum_post = get_object_or_404(
                visible_posts(self.request).select_related("topic", "topic__forum"), pk=pk
            )
        return self._forum_post


def forum_permissions_of(request, forum_pk):
    """The permissions the reader holds in rubric ``forum_pk`` (from the shared cache): what a
    forum page shows differently from one member to another besides their own parts."""
    # machina's permission checker reads only the rubric's id.
    handler = request.forum_permission_handler
    checker = handler._get_checker(request.user)
    return ",".join(sorted(checker.get_perms(handler.rubric_stand_in(forum_pk))))


def topic_viewed_from_cache(request, topic_pk):
    """What machina does on each visit of a topic (``topic_viewed``: its views counter, the
    reader's read mark), for a visit served from the members' cache: the counter, and the mark
    only when the reader's marks say the topic has something new for them."""
    activity = remember(
        f"topic-activity:{topic_pk}",
        lambda: (
            Topic.objects.filter(pk=topic_pk)
            .values_list("forum_id", "last_post_on", "created")
            .first()
        ),
        keys=(topic_key(topic_pk),),
    )
    if activity is not None:
        forum_id, last_post_on, created = activity
        mark = topic_mark(read_marks(request.user), topic_pk, forum_id)
        if is_new(last_post_on or created, mark):
            topic = Topic.objects.select_related("forum").get(pk=topic_pk)
            topic_viewed.send(
                sender=TopicView, topic=topic, user=request.user, request=request, response=None
            )
            return
    count_view(topic_pk)


class TopicView(AnonymousLoginMixin, MachinaTopicView):
    """A topic; for members, from the text shared by those with the same audience and the same
    permissions in its rubric (cms/performance/membercache.py), with their own parts: the follow
    button and each post's controls (edit, delete, validate, report)."""

    # What the page reads from the query string (the page caches key it on these only): its page,
    # the post to open it at (machina), a poll's results and change of vote.
    query_parameters = ("page", "post", "view_results", "change_vote")

    def dispatch(self, request, *args, **kwargs):
        parent = super()
        # The page shows this topic only (and the content: rubric names, page cards, themes).
        depends_on(request, topic_key(kwargs["pk"]))
        return serve_for_member(
            request,
            "topic",
            lambda: parent.dispatch(request, *args, **kwargs),
            extra=forum_permissions_of(request, kwargs["forum_pk"]),
            on_hit=lambda: topic_viewed_from_cache(request, kwargs["pk"]),
        )

    def get_queryset(self):
        self.topic = self.get_topic()
        return (
            visible_posts(self.request, self.topic.posts)
            .select_related("poster", "updated_by")
            .select_related("poster__operator", "poster__region", "poster__forum_profile")
            .prefetch_related("attachments")
            .order_by("created")
        )

    def get_topic(self):
        if not hasattr(self, "topic"):
            self.topic = get_object_or_404(
                visible_topics(self.request)
                # The poll too: machina asks every topic page whether it has one.
                .select_related("forum", "poll")
                .prefetch_related(THEMES),
                pk=self.kwargs["pk"],
            )
        return self.topic

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_moderate"] = can_moderate(self.request, context["forum"])
        topic = self.topic
        if topic.forum_id != self.kwargs["forum_pk"]:
            # A topic moved since its address was written is checked against the permissions of
            # the rubric it is in now. (A poll shows the reader's vote: it is a member part.)
            mark_uncacheable(self.request)
        # What a visit served from the members' cache compares the reader's marks with.
        remember(
            f"topic-activity:{topic.pk}",
            lambda: (topic.forum_id, topic.last_post_on, topic.created),
            keys=(topic_key(topic.pk),),
        )
        # The catalogue's side of the topic: page cards, its fiche (community/contributions).
        context.update(topic_context(self.request, self.topic, context["posts"]))
        context["validated_post"] = self.validated_post(context["posts"])
        return context

    def validated_post(self, posts):
        """The topic's validated answer if the reader may read it: among the posts of this page,
        or read on its own."""
        pk = self.topic.validated_post_id
        if pk is None:
            return None
        shown = next((post for post in posts if post.pk == pk), None)
        if shown is not None:
            return shown
        return (
            visible_posts(self.request)
            .filter(pk=pk, topic=self.topic)
            .select_related("poster", "poster__forum_profile")
            .first()
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        return allow_players(response, context.get("portal_players", ()))


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


class PremoderationMessageMixin:
    """One message after posting: "published", or, for a post held for review, "will be published
    once approved" -- not machina's "posted successfully" next to its approval warning."""

    approval_required_message = gettext_lazy(
        "Thank you: your message will be published after a moderator's approval."
    )

    @property
    def success_message(self):
        post = getattr(self, "forum_post", None)
        if post is not None and not post.approved:
            return ""  # Django's message storage drops an empty message.
        return _("Your message has been published.")


class PersonalDataMessageMixin:
    """A post held because its author confirmed a social security number or an IBAN says so."""

    @property
    def approval_required_message(self):
        post = getattr(self, "forum_post", None)
        if getattr(post, "held_for_personal_data", False):
            return _(
                "Your message contains a social security number or a bank account number (IBAN): "
                "a moderator will read it before it is published."
            )
        return super().approval_required_message


class SubmittedOnceMixin:
    """One topic or reply per form sent: the form's one-time token (forms.SubmissionTokenMixin)
    is stored with the post, and sending the same form again leads to the post it created.

    The topic, its first post, its themes, poll and attachments (or the reply) are saved in one
    transaction: when the database refuses the token (the same form sent by two requests at
    once), nothing of the second sending is kept, no topic without a post. Leading a member to the
    post they had already sent does not count against their posting limits.
    """

    sent_earlier = False

    def form_valid(self, post_form, *args, **kwargs):
        if self.preview:
            return super().form_valid(post_form, *args, **kwargs)
        earlier = post_form.post_sent_earlier()
        if earlier is None:
            try:
                with transaction.atomic():
                    return super().form_valid(post_form, *args, **kwargs)
            except IntegrityError:
                if post_form.one_time_token is None:
                    raise
                # Another request sent this form: its post is read once it is committed.
                earlier = post_form.post_sent_earlier()
                if earlier is None:
                    return self.still_being_sent(post_form, *args, **kwargs)
        if not post_form.holds_the_text_of(earlier):
            return self.sent_with_another_text(post_form, *args, **kwargs)
        return self.show_post_sent_earlier(earlier)

    def show_post_sent_earlier(self, post):
        self.sent_earlier = True
        self.forum_post = post
        if post.approved:
            messages.info(
                self.request, _("This message had already been sent: here it is, published once.")
            )
        else:
            messages.info(
                self.request,
                _(
                    "This message had already been sent: it will be published once, after a "
                    "moderator's approval."
                ),
            )
        return redirect(self.get_success_url())

    def still_being_sent(self, post_form, *args, **kwargs):
        """The database holds a post sent with this form that cannot be read yet: the form comes
        back with what the member typed, and a sending later leads to that post."""
        post_form.add_error(
            None,
            _(
                "This form is already being sent. Wait a few seconds, then send it again: your "
                "message will not be published twice."
            ),
        )
        return self.form_invalid(post_form, *args, **kwargs)

    def sent_with_another_text(self, post_form, *args, **kwargs):
        """The form was sent before, then its text changed (the browser's "back"): what the member
        typed comes back with a new token, to be sent as a new message if they mean it."""
        post_form.renew_token()
        post_form.add_error(
            None,
            _(
                "This form had already been sent with another text: that message is in the "
                "discussion, where you can edit it. To post the text below as a new message as "
                "well, send the form again."
            ),
        )
        return self.form_invalid(post_form, *args, **kwargs)

    def counts(self, response):
        return not self.sent_earlier and super().counts(response)


class TopicCreateView(
    DraftFormMixin,
    SimilarQuestionsMixin,
    PersonalDataMessageMixin,
    PremoderationMessageMixin,
    SubmittedOnceMixin,
    RateLimitedMixin,
    VisibleContentMixin,
    MachinaTopicCreateView,
):
    poll_option_formset_class = PollOptionFormsetFactory
    rate_limits = POST_RATE_LIMITS


class TopicUpdateView(PersonalDataMessageMixin, VisibleContentMixin, MachinaTopicUpdateView):
    poll_option_formset_class = PollOptionFormsetFactory


class PostCreateView(
    DraftFormMixin,
    PersonalDataMessageMixin,
    PremoderationMessageMixin,
    SubmittedOnceMixin,
    RateLimitedMixin,
    VisibleContentMixin,
    MachinaPostCreateView,
):
    rate_limits = POST_RATE_LIMITS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["previous_posts"] = (
            visible_posts(self.request, self.get_topic().posts)
            .select_related("poster", "updated_by", "poster__forum_profile")
            .prefetch_related("attachments")
            .order_by("-created")[: machina_settings.TOPIC_REVIEW_POSTS_NUMBER]
        )
        return context


class PostUpdateView(PersonalDataMessageMixin, VisibleContentMixin, MachinaPostUpdateView):
    pass


class TopicPollVoteView(MachinaTopicPollVoteView):
    """Votes only in the polls of visible topics (mounted by community/urls.py)."""

    def get_queryset(self):
        return TopicPoll.objects.filter(topic__in=visible_topics(self.request)).select_related(
            "topic", "topic__forum"
        )


class PostDeleteView(MachinaPostDeleteView):
    def get_queryset(self):
        return visible_posts(self.request).select_related("topic", "topic__forum")


def topic_view_links(request, filterset):
    """The state and scope links of a topic list, each with its count and whether it is the
    current one (the other filters kept)."""
    counts = filterset.view_counts()
    state = filterset.cleaned_value("filtre")
    scope = filterset.cleaned_value("parmi")

    def link(name, value, label, count_key, current):
        params = request.GET.copy()
        params.pop("page", None)
        params.pop(name, None)
        if value:
            params[name] = value
        url = f"?{params.urlencode()}" if params else request.path
        return {"label": label, "url": url, "count": counts[count_key], "current": current}

    states = [link("filtre", None, _("All topics"), "all-states", not state)] + [
        link("filtre", value, label, value, state == value) for value, label in STATES.items()
    ]
    scopes = []
    if "parmi" in filterset.filters:
        scopes = [link("parmi", None, _("Every member's topics"), "all-scopes", not scope)] + [
            link("parmi", value, label, value, scope == value) for value, label in SCOPES.items()
        ]
    return {"states": states, "scopes": scopes}


def rubric_filterset(request, forum):
    """The filters of a rubric's topic list, bound to the query string."""
    return TopicFilter(
        request.GET or None,
        queryset=topic_list_queryset(request, forum.topics),
        readable_forums=(),
        with_rubric=False,
        with_theme=True,
        user=request.user,
    )


class FilteredTopicsMixin:
    """Bind a TopicFilter to the query string; an invalid value is ignored, with a message.

    The context gets ``filter`` and ``topic_views``: the states ("Sans réponse"…) and scopes
    ("Mes sujets"…) as links that keep the other filters, with their counts.
    """

    paginator_class = BoundedPaginator
    # What these lists read from the query string (the page caches key them on these only).
    query_parameters = filterset_parameters(TopicFilter) | {ListView.page_kwarg}

    def get_paginator(self, queryset, per_page, **kwargs):
        """Counts kept per version of content (cms/performance/paging.py), and per state of the
        reader's follows ("Suivis")."""
        user = self.request.user
        count_key = f"{getattr(user, 'pk', None)}:{follows_version(user)}"
        return self.paginator_class(queryset, per_page, count_key=count_key, **kwargs)

    filter_with_rubric = True
    filter_with_theme = True

    def readable_forums(self):
        handler = self.request.forum_permission_handler
        return handler.get_readable_forums(Forum.objects.all(), self.request.user)

    def filter_topics(self, queryset):
        self.filterset = TopicFilter(
            self.request.GET or None,
            queryset=queryset,
            readable_forums=self.readable_forums() if self.filter_with_rubric else (),
            with_rubric=self.filter_with_rubric,
            with_theme=self.filter_with_theme,
            user=self.request.user,
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            messages.warning(
                self.request,
                _("A filter value was not recognised and has been ignored."),
            )
            mark_uncacheable(self.request)  # the warning is for this reader, now
        return self.filterset.qs

    def topic_views(self):
        return topic_view_links(self.request, self.filterset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["topic_views"] = self.topic_views()
        return context


def all_forums():
    """Every rubric, in tree order, with its last post (its date and author: lists show no text)
    and that author, from the shared cache (under the versions of public content and of the
    forum: any change of a rubric, any post). The author's password hash, e-mail address and last
    sign-in are left out: lists show none of them, and the shared cache keeps no secret."""
    forums = Forum.objects.select_related("last_post", "last_post__poster").defer(
        "last_post__content",
        "last_post___content_rendered",
        *("last_post__poster__password", "last_post__poster__email"),
        "last_post__poster__last_login",
    )
    return remember("forums-with-last-posts", lambda: list(forums), keys=(CONTENT, FORUM))


def listed_forums(request):
    """The rubrics ``request.user`` may see, in tree order, with their last posts and authors, as
    machina's ``forum_list_filter`` lists them: ``all_forums`` filtered by the rubrics granted to
    the reader (kept under the forum permissions' version)."""
    forums = all_forums()
    user = request.user
    if user.is_superuser:
        return forums
    granted = request.forum_permission_handler._get_forums_for_user(
        user, ["can_see_forum", "can_read_forum"], use_tree_hierarchy=True
    )
    ids = {forum.pk for forum in granted}
    return [forum for forum in forums if forum.pk in ids]


class ForumIndexView(MachinaIndexView):
    """machina's forum index, its rubrics read by ``listed_forums`` (no query)."""

    def get_queryset(self):
        return ForumVisibilityContentTree.from_forums(listed_forums(self.request))


class CachedForumView(ForumView):
    """machina's rubric page, its rubric and sub-rubrics read from ``all_forums``."""

    def get_forum(self):
        """The rubric, from ``all_forums`` (no query)."""
        if not hasattr(self, "forum"):
            pk = self.kwargs["pk"]
            self.forum = next((forum for forum in all_forums() if forum.pk == pk), None)
            if self.forum is None:
                raise Http404
        return self.forum

    def get_context_data(self, **kwargs):
        """machina's, the sub-rubrics read by ``listed_forums`` (no query)."""
        context = super(ForumView, self).get_context_data(**kwargs)
        forum = context["forum"] = self.get_forum()
        context["sub_forums"] = ForumVisibilityContentTree.from_forums(
            [
                sub
                for sub in listed_forums(self.request)
                if sub.tree_id == forum.tree_id and forum.lft < sub.lft and sub.rght < forum.rght
            ]
        )
        # The announcements the reader may see (machina lists every one, pending ones included).
        request = self.request
        announces = Topic.objects.visible_to(request.user, request.forum_permission_handler)
        context["announces"] = list(
            announces.filter(forum=forum, type=Topic.TOPIC_ANNOUNCE).select_related(
                "poster", "last_post", "last_post__poster"
            )
        )
        context["unread_topics"] = machina_forum_views.TrackingHandler(
            self.request
        ).get_unread_topics(
            list(context[self.context_object_name]) + context["announces"], self.request.user
        )
        return context


class RubricView(FilteredTopicsMixin, CachedForumView):
    """machina's rubric page, whose topics can be filtered by theme, state and scope.

    For members, from the text shared by those with the same audience and the same permissions in
    the rubric (cms/performance/membercache.py), kept for the hour (recent topics age), with their
    own parts: the unread badges, the follow button, the counts of their own topics and follows. A
    list of their own topics or follows (``parmi``) is theirs alone: rendered for them.
    """

    filter_with_rubric = False

    def dispatch(self, request, *args, **kwargs):
        parent = super()
        depends_on(request, rubric_key(kwargs["pk"]))
        if "parmi" in request.GET:
            return parent.dispatch(request, *args, **kwargs)
        return serve_for_member(
            request,
            "rubric",
            lambda: parent.dispatch(request, *args, **kwargs),
            extra=f"{forum_permissions_of(request, kwargs['pk'])}|{timezone.now():%H}",
        )

    def get_queryset(self):
        self.forum = self.get_forum()
        return self.filter_topics(topic_list_queryset(self.request, self.forum.topics))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_moderate"] = can_moderate(self.request, context["forum"])
        return context


class TopicListView(FilteredTopicsMixin, ListView):
    """/forum/sujets/: every readable topic, filtered by theme, rubric, state and scope."""

    template_name = "community/topic_list.html"
    context_object_name = "topics"
    paginate_by = machina_settings.FORUM_TOPICS_NUMBER_PER_PAGE

    def get_queryset(self):
        return self.filter_topics(topic_list_queryset(self.request))


class ThemeView(FilteredTopicsMixin, ListView):
    """One theme's topics across the readable rubrics, filtered by rubric, state and scope."""

    template_name = "community/theme_detail.html"
    context_object_name = "topics"
    paginate_by = machina_settings.FORUM_TOPICS_NUMBER_PER_PAGE
    filter_with_theme = False

    def get_queryset(self):
        self.theme = get_object_or_404(Theme, slug=self.kwargs["slug"])
        topics = topic_list_queryset(self.request).filter(
            pk__in=Topic.themes.through.objects.filter(theme=self.theme).values("topic")
        )
        return self.filter_topics(topics)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            theme=self.theme, themes=Theme.objects.order_by("sort_order", "name"), **kwargs
        )


class ValidatedAnswerMixin(AnonymousLoginMixin):
    """POST only: the topic's author or a moderator of its rubric chooses its validated answer."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_visible_topic(self, pk):
        return get_object_or_404(visible_topics(self.request).select_related("forum"), pk=pk)

    def check_permission(self, topic):
        handler = self.request.forum_permission_handler
        if not can_validate(handler, self.request.user, topic):
            raise PermissionDenied(
                _("Only the author of the topic or a moderator can choose its validated answer.")
            )

    def redirect_to(self, topic, post=None):
        url = reverse(
            "forum_conversation:topic",
            args=[topic.forum.slug, topic.forum_id, topic.slug, topic.pk],
        )
        return redirect(f"{url}?post={post.pk}#{post.pk}" if post else url)


class ValidateAnswerView(ValidatedAnswerMixin, View):
    """Mark a reply as the validated answer of its topic (replacing the previous one, if any)."""

    def post(self, request, post_pk):
        post = get_object_or_404(visible_posts(request).select_related("topic"), pk=post_pk)
        topic = self.get_visible_topic(post.topic_id)
        self.check_permission(topic)
        if not can_be_validated(post, topic, request.user):
            messages.error(request, _("This post cannot be the validated answer of the topic."))
            return self.redirect_to(topic)
        validate_answer(topic, post, request.user)
        messages.success(request, _("This reply is now the validated answer of the topic."))
        return self.redirect_to(topic, post)


class RemoveValidationView(ValidatedAnswerMixin, View):
    """The topic has no validated answer any more (it is not resolved)."""

    def post(self, request, topic_pk):
        topic = self.get_visible_topic(topic_pk)
        self.check_permission(topic)
        remove_validation(topic)
        messages.success(request, _("The validation has been removed: the topic is not resolved."))
        return self.redirect_to(topic)
