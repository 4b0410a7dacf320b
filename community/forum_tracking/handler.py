"""machina's tracking handler, with the member's read marks from the shared cache (marks.py).

- Unread rubrics: machina asks the database for the ancestors of each unread rubric, one query per
  rubric on every forum page; the rubrics' parents are in the list already (a member reads a rubric
  only if they read its parents), so they are found there.
- Marking a topic read: machina reads and rewrites up to six rows on every visit of a topic; when
  the member has read it since its last post, nothing changes, and their marks say so.
"""

from machina.apps.forum.visibility import ForumVisibilityContentTree
from machina.apps.forum_tracking.handler import TrackingHandler as MachinaTrackingHandler

from .marks import is_new, read_marks, topic_mark


def _with_ancestors(forum, by_id):
    found = []
    while forum is not None:
        found.append(forum)
        forum = by_id.get(forum.parent_id)
    return found


class TrackingHandler(MachinaTrackingHandler):
    def get_unread_forums_from_list(self, user, forums):
        """The rubrics of ``forums`` holding something ``user`` has not read, and their parents.

        Same rules as machina: a tracked rubric is unread when its last post (or a sub-rubric's)
        is newer than the member's mark; a rubric never tracked is unread when it has topics.
        """
        if not user.is_authenticated:
            return []
        forums = list(forums)
        by_id = {forum.pk: forum for forum in forums}
        nodes = ForumVisibilityContentTree.from_forums(forums).as_dict
        marks = read_marks(user)["forum"]
        unread = {}
        for forum in forums:
            if forum.pk in marks:
                last_post_on = nodes[forum.pk].last_post_on
                is_unread = bool(last_post_on) and is_new(last_post_on, marks[forum.pk])
            else:
                is_unread = forum.direct_topics_count > 0
            if is_unread:
                for ancestor in _with_ancestors(forum, by_id):
                    unread[ancestor.pk] = ancestor
        return list(unread.values())

    def mark_topic_read(self, topic, user):
        if user.is_authenticated and self._read_since_last_post(topic, user):
            return
        super().mark_topic_read(topic, user)

    def _read_since_last_post(self, topic, user):
        """The member's mark on the topic, or on its rubric, is newer than the topic's last post."""
        mark = topic_mark(read_marks(user), topic.pk, topic.forum_id)
        return not is_new(topic.last_post_on or topic.created, mark)

    def get_unread_topics(self, topics, user):
        """machina's rules: a topic is unread when its own mark, or else its rubric's, is older
        than its last post, or when neither exists."""
        if not user.is_authenticated or topics is None or not len(topics):
            return []
        marks = read_marks(user)
        unread = []
        for topic in topics:
            mark = topic_mark(marks, topic.pk, topic.forum_id)
            if is_new(topic.last_post_on or topic.created, mark):
                unread.append(topic)
        return unread
