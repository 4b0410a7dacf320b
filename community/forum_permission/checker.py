"""Which forum permissions a member holds: machina's rules, each rubric decided on its own.

machina's checker resolves a list of rubrics in one pass, but narrows its lists of global grants
while it goes through them: once it has met a rubric where a group is refused a permission (the
private "Groupe pilote" rubric refuses everything to everyone but the pilot groups), every rubric
after it loses that group's global grant too. Which rubrics a member could read then depended on
the order the rubrics were created in. This checker (machina loads it in place of its own, see
apps.py) fetches the same rows in the same two queries and decides each rubric independently, with
the precedence machina documents — a rubric's own rows before the global rows, and at each level
the member's own row before their groups' before the row for every signed-in member:

1. rows for this rubric: the member's, then their groups' (one group granting is enough), then
   every signed-in member's (or, for an anonymous visitor, the anonymous row);
2. global rows, in the same order;
3. ``MACHINA_DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS`` for a signed-in member.

The rows a member's decisions come from are kept in the shared cache, per member (or anonymous
visitor), list of rubrics and permissions, under a version number that any change of a permission
row or of a member's groups bumps (:func:`bump_permissions_version`): every page of the forum asks
for them, and they change a few times a year.
"""

import hashlib
from collections import OrderedDict, defaultdict

from django.core.cache import cache
from django.db.models import Q
from machina.apps.forum_permission.checker import (
    ForumPermissionChecker as MachinaForumPermissionChecker,
)
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from cms.performance.invalidation import bump, bump_version, read_with_each_request, remember_under

ForumPermission = get_model("forum_permission", "ForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

MEMBER, GROUPS, EVERYONE = "member", "groups", "everyone"
PERMISSIONS_VERSION_KEY = "comcep:forumperms:version"
read_with_each_request(PERMISSIONS_VERSION_KEY, "default")
PERMISSIONS_CACHE_SECONDS = 3600


def remember_for_permissions(name, build):
    """``build()``, kept in the shared cache under the permissions' version: for what depends on
    permission rows, groups, members and the rubrics' tree only (``name`` says for whom)."""
    return remember_under(PERMISSIONS_VERSION_KEY, name, build, cache, PERMISSIONS_CACHE_SECONDS)


def bump_permissions_version(**kwargs):
    """Any permission row or any member's groups changed: decide everything afresh, now and once
    the transaction commits (rows read before the commit are kept under an obsolete version)."""
    bump_version(PERMISSIONS_VERSION_KEY, cache)


def member_saved(update_fields=None, **kwargs):
    """A member saved (status, superuser, active…) but not merely signing in (``last_login``)."""
    if update_fields != frozenset({"last_login"}):
        bump_permissions_version()


# What permission checks read of a rubric (not the counters machina saves after each post).
FORUM_STRUCTURE = ("parent_id", "name", "slug", "type", "link")


def _structure(forum):
    return tuple(forum.__dict__.get(name) for name in FORUM_STRUCTURE)


def remember_forum_structure(instance, **kwargs):
    instance._comcep_structure = _structure(instance)


def forum_saved(instance, created, **kwargs):
    """A rubric added, moved or renamed; not its counters, which machina saves after every post."""
    if created or _structure(instance) != getattr(instance, "_comcep_structure", None):
        bump_permissions_version()
    instance._comcep_structure = _structure(instance)


def forum_permissions_changed():
    """For writes that send no signal (bulk_create): the checker's rows and the public pages."""
    bump_permissions_version()
    bump()


LEVELS = (MEMBER, GROUPS, EVERYONE)


class ForumPermissionChecker(MachinaForumPermissionChecker):
    def get_perms_for_forumlist(self, forums, perm_codenames=None):
        """{forum: set of granted codenames} for ``forums`` (a forum may be None: global)."""
        rows = self._rows(forums, perm_codenames)
        codenames = set(perm_codenames) if perm_codenames else self._all_codenames()
        default = set()
        if self.user.is_authenticated:
            default = set(machina_settings.DEFAULT_AUTHENTICATED_USER_FORUM_PERMISSIONS)
        result = OrderedDict()
        for forum in forums:
            forum_id = forum.pk if forum is not None else None
            result[forum] = {
                codename
                for codename in codenames
                if self._decide(rows, forum_id, codename, codename in default)
            }
        return result

    def _decide(self, rows, forum_id, codename, default):
        scopes = (forum_id, None) if forum_id is not None else (None,)
        for scope in scopes:
            for level in LEVELS:
                decisions = rows.get((scope, level, codename))
                if decisions:
                    # A group granting is enough; at the other levels there is one row.
                    return True in decisions
        return default

    def _rows(self, forums, perm_codenames):
        """{(forum id or None, level, codename): set of has_perm}: cached, or two queries."""
        forum_ids = sorted(forum.pk for forum in forums if forum is not None)
        who = self.user.pk if self.user.is_authenticated else "anonymous"
        scope = f"{who}:{forum_ids}:{sorted(perm_codenames or ())}"
        return remember_for_permissions(
            f"rows:{hashlib.sha256(scope.encode()).hexdigest()}",
            lambda: self._query_rows(forum_ids, perm_codenames),
        )

    def _query_rows(self, forum_ids, perm_codenames):
        scope = Q(forum__isnull=True) | Q(forum__in=forum_ids)
        if perm_codenames:
            scope &= Q(permission__codename__in=perm_codenames)
        rows = defaultdict(set)
        user_rows = UserForumPermission.objects.filter(scope)
        if self.user.is_anonymous:
            user_rows = user_rows.filter(anonymous_user=True)
        else:
            user_rows = user_rows.filter(Q(authenticated_user=True) | Q(user=self.user))
        for forum_id, codename, has_perm, user_id in user_rows.values_list(
            "forum_id", "permission__codename", "has_perm", "user_id"
        ):
            level = MEMBER if user_id else EVERYONE
            rows[forum_id, level, codename].add(has_perm)
        if self.user.is_authenticated:
            group_rows = GroupForumPermission.objects.filter(scope, group__user=self.user)
            for forum_id, codename, has_perm in group_rows.values_list(
                "forum_id", "permission__codename", "has_perm"
            ):
                rows[forum_id, GROUPS, codename].add(has_perm)
        return dict(rows)

    def _all_codenames(self):
        if not hasattr(self, "_codenames"):
            self._codenames = remember_for_permissions(
                "codenames", lambda: set(ForumPermission.objects.values_list("codename", flat=True))
            )
        return self._codenames
