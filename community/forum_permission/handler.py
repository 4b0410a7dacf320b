"""machina's permission handler, with the rubrics' tree from the shared cache.

machina loads every rubric for its permission checks, then loads them all again to build the tree
it checks parents with. Here the list is read once and kept in the shared cache under the forum
permissions' version, which adding, moving, renaming or deleting a rubric bumps (not the counters
machina saves after each post, which permission checks do not read); the tree is built from it.
The rubrics each member may see or read are kept under the same version.
"""

from machina.apps.forum_permission.handler import PermissionHandler as MachinaPermissionHandler
from machina.core.db.models import get_model
from mptt.utils import get_cached_trees

from community.accounts.roles import may_participate

from .checker import remember_for_permissions

Forum = get_model("forum", "Forum")


class PermissionHandler(MachinaPermissionHandler):
    def _get_top_nodes(self):
        if not hasattr(self, "_top_nodes"):
            self._top_nodes = get_cached_trees(self._get_all_forums())
        return self._top_nodes

    def _get_all_forums(self):
        if not hasattr(self, "_all_forums"):
            self._all_forums = remember_for_permissions("forums", lambda: list(Forum.objects.all()))
        return self._all_forums

    def _get_forums_for_user(self, user, perm_codenames, use_tree_hierarchy=False):
        """The rubrics granted to ``user`` for all of ``perm_codenames``, kept (as ids) under the
        permissions' version: machina works them out from every rubric's permission rows and the
        rubrics' tree on each request, several times per forum page."""
        reader = "anonymous" if user.is_anonymous else user.pk
        key = f"granted:{reader}:{':'.join(perm_codenames)}:{int(use_tree_hierarchy)}"
        if key in self._granted_forums_cache:
            return self._granted_forums_cache[key]
        ids = remember_for_permissions(
            key,
            lambda: [
                forum.pk
                for forum in super(PermissionHandler, self)._get_forums_for_user(
                    user, perm_codenames, use_tree_hierarchy
                )
            ],
        )
        by_id = {forum.pk: forum for forum in self._get_all_forums()}
        granted = self._granted_forums_cache[key] = [by_id[pk] for pk in ids if pk in by_id]
        return granted

    def can_subscribe_to_topic(self, topic, user):
        """machina's own topic subscription is following too: members who take part only."""
        return may_participate(user) and super().can_subscribe_to_topic(topic, user)
