"""Who may read which forum content: the one surface every reader of topics and posts goes through.

``Topic.objects.visible_to(user)`` and ``Post.objects.visible_to(user)`` (see ``models.py``) apply
everything that decides whether a member may read a topic or a post:

- the rubric is readable by that user according to machina's permission handler (so the private
  "Groupe pilote" rubric exists only for its members);
- the post is approved, in an approved topic, and not hidden by the moderators;
- except that authors see their own posts waiting for approval, and moderators of a rubric (those
  who may approve posts there, hence read it) see what waits or is hidden there.

``ForumAccess`` computes the rubric ids once per user and request (pass the request's
``forum_permission_handler`` to reuse machina's per-request cache), and keeps them in the shared
cache under the forum permissions' version number, which every change of a permission row, of a
member's groups or of the rubrics' tree bumps (``community/forum_permission``).

``member_audience(request)`` is the forum's part of a member's audience in the members' page cache
(registered in ``apps.py``): the rubrics they may read and moderate; none (served without that
cache) while they have a post or topic others do not see.
"""

from dataclasses import dataclass

from django.db.models import Q
from machina.core.db.models import get_model

from cms.performance.invalidation import FORUM
from cms.performance.shared import remember
from cms.performance.standin import audience_reader
from community.forum_permission.checker import remember_for_permissions


@dataclass(frozen=True)
class ForumAccess:
    user_id: int | None
    readable: frozenset
    moderated: frozenset

    @classmethod
    def for_user(cls, user, handler=None):
        """The access of ``user``, computed once per permission handler (that is, per request)."""
        user = audience_reader(user)  # the audience holds it (member_audience)
        if handler is None:
            # Imported here: machina's handler imports the forum models, which import this module.
            from machina.apps.forum_permission.handler import PermissionHandler

            handler = PermissionHandler()
        cache = handler.__dict__.setdefault("_comcep_forum_access", {})
        key = user.pk if user.is_authenticated else None
        if key not in cache:
            cache[key] = cls._shared(user, handler)
        return cache[key]

    @classmethod
    def _shared(cls, user, handler):
        who = f"{user.pk}:{int(user.is_superuser)}" if user.is_authenticated else "anonymous"
        return remember_for_permissions(f"access:{who}", lambda: cls._compute(user, handler))

    @classmethod
    def _compute(cls, user, handler):
        forums = get_model("forum", "Forum").objects.all()
        readable = frozenset(handler.get_readable_forums(forums, user).values_list("pk", flat=True))
        moderated = frozenset()
        if user.is_authenticated:
            moderated = readable & {f.pk for f in handler.get_moderation_queue_forums(user)}
        return cls(user.pk if user.is_authenticated else None, readable, moderated)

    def topic_filter(self, prefix=""):
        """A Q object selecting the topics this user may see (``prefix`` for related lookups)."""
        own = Q(**{f"{prefix}poster_id": self.user_id}) if self.user_id else Q(pk__in=[])
        return Q(**{f"{prefix}forum_id__in": self.readable}) & (
            Q(**{f"{prefix}approved": True}) | own | Q(**{f"{prefix}forum_id__in": self.moderated})
        )

    def approved_topics_sql(self, table):
        """SQL and its parameters selecting, among the rows of ``table`` (the topics' table or its
        alias), the approved topics this user may see: ``topic_filter`` for a query written in
        PostgreSQL's SQL (its exceptions, for authors and moderators, are unapproved topics)."""
        return f"{table}.approved AND {table}.forum_id = ANY(%s)", [sorted(self.readable)]

    def post_filter(self):
        """A Q object selecting the posts this user may read."""
        public = Q(approved=True, topic__approved=True, is_hidden=False)
        own = Q(poster_id=self.user_id, is_hidden=False) if self.user_id else Q(pk__in=[])
        return Q(topic__forum_id__in=self.readable) & (
            public | own | Q(topic__forum_id__in=self.moderated)
        )


def _members_with_pending_content():
    """Members with a post or topic that others do not see (waiting for approval or hidden)."""
    Post = get_model("forum_conversation", "Post")
    Topic = get_model("forum_conversation", "Topic")
    # Both conditions are those of a partial index: a few rows, whatever the size of the forum.
    posts = Post.objects.filter(Q(approved=False) | Q(is_hidden=True), poster__isnull=False)
    topics = Topic.objects.filter(approved=False, poster__isnull=False)
    return frozenset(posts.values_list("poster_id", flat=True)) | frozenset(
        topics.values_list("poster_id", flat=True)
    )


def member_audience(request):
    """The forum's part of a member's audience in the members' page cache: the rubrics they may
    read and moderate; None (served without that cache) while they have a post or topic waiting
    for approval or hidden, which they see where others do not."""
    user = request.user
    pending = remember("members-with-pending-content", _members_with_pending_content, keys=(FORUM,))
    if user.pk in pending:
        return None
    access = ForumAccess.for_user(user, getattr(request, "forum_permission_handler", None))
    return (sorted(access.readable), sorted(access.moderated))
