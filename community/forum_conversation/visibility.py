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
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class ForumAccess:
    user_id: int | None
    readable: frozenset
    moderated: frozenset

    @classmethod
    def for_user(cls, user, handler=None):
        """The access of ``user``, computed once per permission handler (that is, per request)."""
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
        from community.forum_permission.checker import remember_for_permissions

        who = f"{user.pk}:{int(user.is_superuser)}" if user.is_authenticated else "anonymous"
        return remember_for_permissions(f"access:{who}", lambda: cls._compute(user, handler))

    @classmethod
    def _compute(cls, user, handler):
        from machina.core.db.models import get_model

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

    def post_filter(self):
        """A Q object selecting the posts this user may read."""
        public = Q(approved=True, topic__approved=True, is_hidden=False)
        own = Q(poster_id=self.user_id, is_hidden=False) if self.user_id else Q(pk__in=[])
        return Q(topic__forum_id__in=self.readable) & (
            public | own | Q(topic__forum_id__in=self.moderated)
        )
