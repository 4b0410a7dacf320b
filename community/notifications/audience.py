"""Who, among many members, may read a rubric: visibility in bulk, for notifications and digests.

``Topic.objects.visible_to(user)`` answers for one member. A reply in a rubric followed by a
thousand members cannot ask it a thousand times, so members are grouped by what decides machina's
permissions: superuser or not, their groups, and whether they hold permission rows of their own.
Members of one group set read the same rubrics, so ``ForumAccess`` is computed once per group set
(a handful of roles), with one member as its representative; a member with rows of their own is
computed alone (rare: such rows are set by hand in the administration).
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from community.forum_conversation.visibility import ForumAccess

UserForumPermission = get_model("forum_permission", "UserForumPermission")


class Audience:
    """The rubrics each of ``user_ids`` may read (and moderate), in a bounded number of queries."""

    def __init__(self, user_ids):
        User = get_user_model()
        user_ids = set(user_ids)
        self.users = {
            user.pk: user
            for user in User.objects.filter(pk__in=user_ids, is_active=True).exclude(
                status__in=[User.Status.SUSPENDED, User.Status.DELETED]
            )
        }
        groups = defaultdict(set)
        through = User.groups.through.objects.filter(user_id__in=self.users)
        for user_id, group_id in through.values_list("user_id", "group_id"):
            groups[user_id].add(group_id)
        own_rows = set(
            UserForumPermission.objects.filter(user_id__in=self.users).values_list(
                "user_id", flat=True
            )
        )
        handler = PermissionHandler()
        by_signature = {}
        self.access = {}
        for pk, user in self.users.items():
            signature = (
                ("own", pk)
                if pk in own_rows
                else (user.is_superuser, frozenset(groups.get(pk, ())))
            )
            if signature not in by_signature:
                by_signature[signature] = ForumAccess.for_user(user, handler)
            self.access[pk] = by_signature[signature]

    def readers(self, topic):
        """The members (ids) who may read ``topic``, an approved topic."""
        return {pk for pk, access in self.access.items() if topic.forum_id in access.readable}

    def can_read_forum(self, user_id, forum_id):
        access = self.access.get(user_id)
        return access is not None and forum_id in access.readable

    def can_moderate_forum(self, user_id, forum_id):
        access = self.access.get(user_id)
        return access is not None and forum_id in access.moderated
