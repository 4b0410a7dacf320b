"""The forum's RSS feed: the latest topics the reader may see, through ``visible_to``.

It replaces machina's ``forum_feeds``, whose items printed the last post's rendered text without
checking whether that post was hidden. An item carries the subject and the rubric, never post text.
"""

from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from machina.core.db.models import get_model

from cms.public_urls import public_url

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")

FEED_ITEMS = 30


class FeedScope(NamedTuple):
    """What one request's feed shows: passed along as the feed's object, never kept on the feed
    instance, which every request (and thread) shares."""

    request: object
    forum: object  # a rubric, or None for the whole forum


class LatestTopicsFeed(Feed):
    """Links start with the public address (WAGTAILADMIN_BASE_URL), not the request's host."""

    title = gettext_lazy("ComCep forum: latest discussions")
    description = gettext_lazy("The most recently active discussions of the ComCep forum.")

    def get_object(self, request, forum_pk=None):
        forum = get_object_or_404(Forum, pk=forum_pk) if forum_pk else None
        return FeedScope(request, forum)

    def link(self):
        return public_url(reverse("forum:index"))

    def feed_url(self, scope):
        if scope.forum is None:
            return public_url(reverse("community:latest_topics_feed"))
        return public_url(
            reverse("community:rubric_topics_feed", kwargs={"forum_pk": scope.forum.pk})
        )

    def items(self, scope):
        request = scope.request
        topics = Topic.objects.visible_to(
            request.user, getattr(request, "forum_permission_handler", None)
        )
        if scope.forum is not None:
            topics = topics.filter(forum__in=scope.forum.get_descendants(include_self=True))
        return topics.select_related("forum", "poster").order_by("-last_post_on")[:FEED_ITEMS]

    def item_title(self, topic):
        return topic.subject

    def item_description(self, topic):
        return _("A discussion in the rubric “%(rubric)s”.") % {"rubric": topic.forum.name}

    def item_link(self, topic):
        return public_url(topic.get_absolute_url())

    def item_pubdate(self, topic):
        return topic.created

    def item_updateddate(self, topic):
        return topic.last_post_on
