"""Each member's read marks (what they have read, rubric by rubric and topic by topic), kept in the
shared cache under a version number of their own.

Every forum page a member opens shows what is new to them: the forum index its unread rubrics, a
rubric its unread topics, and a topic records that they read it. machina reads the marks from the
database each time. Here they are read once per change: any mark written or deleted (machina saves
and deletes them one by one, so each sends its signal) bumps that member's number. What the marks
are compared with (the rubrics' and topics' last posts) comes with the content, under the version
of public content.
"""

from datetime import UTC, datetime, timedelta

from django.core.cache import cache
from machina.core.db.models import get_model

from cms.performance.invalidation import (
    bump_version,
    read_with_each_member_request,
    remember_under,
)

READ_MARKS_VERSION_KEY = "comcep:read-marks:{user_id}"
read_with_each_member_request(READ_MARKS_VERSION_KEY, "default")


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def stamp(moment):
    """``moment`` (aware) in microseconds since 1970: what marks are kept as. A member who has read
    thousands of topics has thousands of marks, read on every forum page: numbers are read back
    from the cache many times faster than dates."""
    return (moment - EPOCH) // timedelta(microseconds=1)


def read_marks(user):
    """``{"forum": {rubric id: stamp}, "topic": {topic id: stamp}}`` for ``user``."""

    def build():
        ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
        TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
        forums = ForumReadTrack.objects.filter(user=user).values_list("forum_id", "mark_time")
        topics = TopicReadTrack.objects.filter(user=user).values_list("topic_id", "mark_time")
        return {
            "forum": {pk: stamp(moment) for pk, moment in forums},
            "topic": {pk: stamp(moment) for pk, moment in topics},
        }

    return remember_under(READ_MARKS_VERSION_KEY.format(user_id=user.pk), "stamps", build, cache)


def topic_mark(marks, topic_id, forum_id):
    """The time since which the member has read the topic: its own mark, else its rubric's."""
    mark = marks["topic"].get(topic_id)
    return marks["forum"].get(forum_id) if mark is None else mark


def is_new(last, mark):
    """Whether what happened at ``last`` (a date) is newer than ``mark`` (a stamp, or None)."""
    return mark is None or stamp(last) > mark


def marks_changed(sender, instance, **kwargs):
    bump_version(READ_MARKS_VERSION_KEY.format(user_id=instance.user_id), cache)
