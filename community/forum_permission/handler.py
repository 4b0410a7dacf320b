"""machina's permission handler, with the rubrics' tree from the shared cache.

machina loads every rubric for its permission checks, then loads them all again to build the tree
it checks parents with. Here the list is read once and kept in the shared cache under the forum
permissions' version, which adding, moving, renaming or deleting a rubric bumps (not the counters
machina saves after each post, which permission checks do not read); the tree is built from it.
The rubrics each member may see or read are kept under the same version; whether a member voted
in a poll, under the version of its topic (:func:`has_voted`).
"""

import datetime as dt

from django.utils.timezone import now
from machina.apps.forum_permission.handler import PermissionHandler as MachinaPermissionHandler
from machina.core.db.models import get_model
from mptt.utils import get_cached_trees

from cms.performance.invalidation import topic_key
from cms.performance.shared import remember
from community.accounts.roles import may_participate

from .checker import remember_for_permissions

Forum = get_model("forum", "Forum")
TopicPollVote = get_model("forum_polls", "TopicPollVote")


def has_voted(poll, user):
    """Whether the member ``user`` voted in ``poll``: one query per version of its topic, which
    each vote written or deleted bumps."""
    return remember(
        f"poll-voted:{poll.pk}:{user.pk}",
        lambda: TopicPollVote.objects.filter(poll_option__poll=poll, voter=user).exists(),
        keys=(topic_key(poll.topic_id),),
    )


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
        # None granted (most members, for the moderation queue the header asks about on each
        # page): the rubrics' list is not read at all.
        by_id = {forum.pk: forum for forum in self._get_all_forums()} if ids else {}
        granted = self._granted_forums_cache[key] = [by_id[pk] for pk in ids if pk in by_id]
        return granted

    def can_subscribe_to_topic(self, topic, user):
        """machina's own topic subscription is following too: members who take part only."""
        return may_participate(user) and super().can_subscribe_to_topic(topic, user)

    def rubric_stand_in(self, pk):
        """A rubric standing for the id ``pk`` in permission checks (machina's checker reads only
        the id), built without a query, once per handler (that is, per request): a page from the
        members' cache asks for the reader's permissions in its rubric, and for each post's."""
        stand_ins = self.__dict__.setdefault("_rubric_stand_ins", {})
        if pk not in stand_ins:
            stand_ins[pk] = Forum(pk=pk)
        return stand_ins[pk]

    def can_vote_in_poll(self, poll, user):
        """machina's rule, a member's vote read through :func:`has_voted` (an anonymous visitor's,
        by their forum key, as machina reads it)."""
        if user.is_anonymous:
            return super().can_vote_in_poll(poll, user)
        if poll.duration and poll.created + dt.timedelta(days=poll.duration) < now():
            return False
        can_vote = (
            self._perform_basic_permission_check(poll.topic.forum, user, "can_vote_in_polls")
            and not poll.topic.is_locked
        )
        # Voted already: again only if the poll lets voters change their vote.
        if can_vote and has_voted(poll, user):
            can_vote = poll.user_changes
        return can_vote
