"""machina's permission handler, with the rubrics' tree from the shared cache.

machina loads every rubric for its permission checks, then loads them all again to build the tree
it checks parents with. Here the list is read once and kept in the shared cache under the forum
permissions' version, which adding, moving, renaming or deleting a rubric bumps (not the counters
machina saves after each post, which permission checks do not read); the tree is built from it.
"""

from machina.apps.forum_permission.handler import PermissionHandler as MachinaPermissionHandler
from machina.core.db.models import get_model
from mptt.utils import get_cached_trees

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
