"""machina's tracking handler, with a constant number of queries per page.

- Unread rubrics: machina asks the database for the ancestors of each unread rubric, one query per
  rubric on every forum page; the rubrics' parents are in the list already (a member reads a rubric
  only if they read its parents), so they are found there.
- Marking a topic read: machina reads and rewrites up to six rows on every visit of a topic; when
  the member has read it since its last post, nothing changes, and one query says so.
"""

from django.db.models import CharField, Exists, OuterRef, Q, Value
from machina.apps.forum.visibility import ForumVisibilityContentTree
from machina.apps.forum_tracking.handler import TrackingHandler as MachinaTrackingHandler
from machina.core.db.models import get_model

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
Topic = get_model("forum_conversation", "Topic")


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
        marks = dict(
            ForumReadTrack.objects.filter(user=user, forum__in=forums).values_list(
                "forum_id", "mark_time"
            )
        )
        unread = {}
        for forum in forums:
            if forum.pk in marks:
                last_post_on = nodes[forum.pk].last_post_on
                is_unread = bool(last_post_on and marks[forum.pk] < last_post_on)
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
        last = topic.last_post_on or topic.created
        marks = Q(
            Exists(
                TopicReadTrack.objects.filter(topic=OuterRef("pk"), user=user, mark_time__gte=last)
            )
        ) | Q(
            Exists(
                ForumReadTrack.objects.filter(
                    forum=OuterRef("forum_id"), user=user, mark_time__gte=last
                )
            )
        )
        return Topic.objects.filter(pk=topic.pk).filter(marks).exists()

    def get_unread_topics(self, topics, user):
        """machina's rules, with the member's marks on the topics and on their rubrics read in one
        query: a topic is unread when its own mark, or else its rubric's, is older than its last
        post, or when neither exists."""
        if not user.is_authenticated or topics is None or not len(topics):
            return []
        topic_marks = TopicReadTrack.objects.filter(
            user=user, topic_id__in=[topic.pk for topic in topics]
        ).values_list(Value("topic", output_field=CharField()), "topic_id", "mark_time")
        forum_marks = ForumReadTrack.objects.filter(
            user=user, forum_id__in={topic.forum_id for topic in topics}
        ).values_list(Value("forum", output_field=CharField()), "forum_id", "mark_time")
        marks = {"topic": {}, "forum": {}}
        for kind, pk, mark_time in topic_marks.union(forum_marks, all=True):
            marks[kind][pk] = mark_time
        unread = []
        for topic in topics:
            last = topic.last_post_on or topic.created
            if topic.pk in marks["topic"]:
                mark = marks["topic"][topic.pk]
            else:
                mark = marks["forum"].get(topic.forum_id)
            if mark is None or last > mark:
                unread.append(topic)
        return unread
