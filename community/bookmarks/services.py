"""Bookmarks: who may keep one, what each points to, and "Mes favoris" read through the
visibility surface (a target the member may no longer read is "unavailable", never shown)."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.listing import visible_pages
from cms.performance.invalidation import (
    bump_version,
    read_with_each_member_request,
    remember_under,
)

from .models import Bookmark

# The page types a member may bookmark, by kind: (app label, model).
PAGE_KINDS = {
    Bookmark.Kind.OFFER: ("offers", "offerpage"),
    Bookmark.Kind.TOOL: ("toolbox", "toolpage"),
    Bookmark.Kind.VIDEO: ("videos", "videopage"),
}
SAVE_LABELS = {
    Bookmark.Kind.TOPIC: _("Save this topic"),
    Bookmark.Kind.POST: _("Save this post"),
    Bookmark.Kind.OFFER: _("Save this offer"),
    Bookmark.Kind.TOOL: _("Save this tool"),
    Bookmark.Kind.VIDEO: _("Save this video"),
}


def may_bookmark(user):
    """Signed-in members whose membership is approved (partners included: bookmarks are theirs)."""
    return user.is_authenticated and user.is_approved


def _handler(request):
    return getattr(request, "forum_permission_handler", None)


def page_kind_of(page):
    """The bookmark kind of a page ("offer", "tool", "video"), or None."""
    content_type = ContentType.objects.get_for_id(page.content_type_id)  # kept by the process
    key = (content_type.app_label, content_type.model)
    for kind, page_type in PAGE_KINDS.items():
        if page_type == key:
            return kind
    return None


def bookmarkable_pages():
    """Live public pages of the kinds a member may bookmark."""
    types = [ContentType.objects.get_by_natural_key(*key) for key in PAGE_KINDS.values()]
    return visible_pages(Page.objects.filter(content_type__in=types))


def find_target(request, kind, pk):
    """The topic, post or page ``kind`` ``pk`` if the member may read it, else None."""
    if kind == Bookmark.Kind.TOPIC:
        Topic = get_model("forum_conversation", "Topic")
        return Topic.objects.visible_to(request.user, _handler(request)).filter(pk=pk).first()
    if kind == Bookmark.Kind.POST:
        Post = get_model("forum_conversation", "Post")
        return Post.objects.visible_to(request.user, _handler(request)).filter(pk=pk).first()
    if kind in PAGE_KINDS:
        page = bookmarkable_pages().filter(pk=pk).first()
        return page if page is not None and page_kind_of(page) == kind else None
    return None


def target_field(kind):
    return {"topic": "topic", "post": "post"}.get(kind, "page")


# Each member's bookmarks have a version number in the shared cache, bumped when they save or
# remove one: the "Save" buttons of a page read them without a query (like followed pages).
BOOKMARKS_VERSION_KEY = "comcep:bookmarks:{user_id}"
read_with_each_member_request(BOOKMARKS_VERSION_KEY, "default")


def _keys_of(user):
    rows = Bookmark.objects.filter(user=user).values_list("kind", "topic_id", "post_id", "page_id")
    return frozenset((kind, topic or post or page) for kind, topic, post, page in rows)


def bookmarked_keys(request):
    """``{(kind, target id), …}`` of the member's bookmarks, read once a request (from the
    shared cache under the member's bookmarks version)."""
    if not hasattr(request, "_bookmarked_keys"):
        user = request.user
        request._bookmarked_keys = remember_under(
            BOOKMARKS_VERSION_KEY.format(user_id=user.pk), "keys", lambda: _keys_of(user), cache
        )
    return request._bookmarked_keys


def bookmarks_changed(sender, instance, **kwargs):
    bump_version(BOOKMARKS_VERSION_KEY.format(user_id=instance.user_id), cache)


def save(user, kind, target):
    bookmark, _created = Bookmark.objects.get_or_create(
        user=user, kind=kind, **{target_field(kind): target}
    )
    return bookmark


def remove(user, kind, target_pk):
    Bookmark.objects.filter(
        user=user, kind=kind, **{f"{target_field(kind)}_id": target_pk}
    ).delete()


@dataclass
class Saved:
    """One line of "Mes favoris": the bookmark and what the member may see of its target."""

    bookmark: Bookmark
    title: str = ""
    url: str = ""
    context: str = ""

    @property
    def available(self):
        return bool(self.url)


def my_bookmarks(request):
    """The member's bookmarks by kind, each with its target as they may read it now.

    Four queries whatever their number: the bookmarks, then their topics, posts and pages, each
    through the surface that decides what the member may read."""
    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    user, handler = request.user, _handler(request)
    bookmarks = list(Bookmark.objects.filter(user=user))
    ids = {kind: set() for kind in Bookmark.Kind.values}
    for bookmark in bookmarks:
        ids[bookmark.kind].add(bookmark.target_id)
    topics = posts = pages = {}
    if ids["topic"]:
        topics = Topic.objects.visible_to(user, handler).filter(pk__in=ids["topic"])
        topics = {topic.pk: topic for topic in topics.select_related("forum")}
    if ids["post"]:
        posts = Post.objects.visible_to(user, handler).filter(pk__in=ids["post"])
        posts = {post.pk: post for post in posts.select_related("topic", "topic__forum", "poster")}
    page_ids = set().union(*(ids[kind] for kind in PAGE_KINDS))
    if page_ids:
        pages = {page.pk: page for page in bookmarkable_pages().filter(pk__in=page_ids)}
    groups = {kind: [] for kind in Bookmark.Kind.values}
    for bookmark in bookmarks:
        line = Saved(bookmark)
        if bookmark.kind == "topic" and (topic := topics.get(bookmark.topic_id)):
            line.title, line.url = topic.subject, topic.get_absolute_url()
            line.context = topic.forum.name
        elif bookmark.kind == "post" and (post := posts.get(bookmark.post_id)):
            line.title, line.url = post.topic.subject, post.get_absolute_url()
            line.context = post.poster.get_display_name() if post.poster else post.username or ""
        elif bookmark.kind in PAGE_KINDS and (page := pages.get(bookmark.page_id)):
            line.title, line.url = page.title, page.url
        groups[bookmark.kind].append(line)
    return [(kind, label, groups[kind]) for kind, label in Bookmark.Kind.choices if groups[kind]]
