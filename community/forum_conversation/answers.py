"""Validated answers and answer time: the rules, in one place.

- A topic is *answered* once someone other than its author wrote an approved, visible reply;
  ``Topic.first_reply_at`` records when (the pilot group's dashboard reads it). It is kept up to
  date by ``Topic.update_trackers`` (machina calls it whenever a post is saved or deleted) and
  backfilled by ``refresh_first_reply_at()``.
- A topic is *resolved* when its author or a moderator of its rubric marked one reply as the
  validated answer (``Topic.validated_post``). A validated reply that is hidden, unapproved or
  deleted stops resolving the topic.
"""

from django.db.models import Min, OuterRef, Q, Subquery
from machina.core.db.models import get_model

from cms.performance.invalidation import update

from .signals import answer_validated

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

# What makes a post count as an answer: approved and not hidden by the moderators.
READABLE_POST = Q(approved=True, is_hidden=False)


def replies_from_others(topic_lookup):
    """The posts that answer a topic: readable replies whose poster is not the topic's author."""
    return (
        Post.objects.filter(READABLE_POST, topic=topic_lookup["pk"])
        .exclude(poster=topic_lookup["poster"])
        .exclude(pk=topic_lookup["first_post"])
    )


def first_reply_at_expression():
    """A subquery giving, for each topic of an outer query, when it was first answered."""
    replies = replies_from_others(
        {"pk": OuterRef("pk"), "poster": OuterRef("poster"), "first_post": OuterRef("first_post")}
    )
    return Subquery(
        replies.order_by().values("topic").annotate(first=Min("created")).values("first")[:1]
    )


def refresh_first_reply_at(topics=None):
    """Recompute ``first_reply_at`` of ``topics`` (a queryset, by default all) in one query."""
    topics = Topic.objects.all() if topics is None else topics
    return update(topics, first_reply_at=first_reply_at_expression())


def first_reply_at_of(topic):
    """When ``topic`` was first answered by someone else (``None`` if never)."""
    replies = replies_from_others(
        {"pk": topic.pk, "poster": topic.poster_id, "first_post": topic.first_post_id}
    )
    return replies.aggregate(first=Min("created"))["first"]


def still_validated_post_id(topic):
    """The topic's validated post id as stored, if that post still may resolve the topic."""
    stored = Topic.objects.filter(pk=topic.pk).values("validated_post_id")
    return (
        Post.objects.filter(READABLE_POST, topic=topic.pk, pk=Subquery(stored))
        .values_list("pk", flat=True)
        .first()
    )


def can_validate(handler, user, topic):
    """Whether ``user`` may choose the validated answer of ``topic`` (which they can read).

    The topic's author and the moderators of its rubric may (machina's "approve posts" right is
    what makes a moderator of a rubric, see community/accounts/roles.py).
    """
    if not user.is_authenticated or not topic.approved:
        return False
    if topic.poster_id == user.pk and handler.can_read_forum(topic.forum, user):
        return True
    return bool(handler.can_approve_posts(topic.forum, user))


def is_own_reply(post, topic, user=None):
    """Whether ``post`` was written by the topic's author (a "Merci" is not an answer) or by
    ``user``, the member choosing the validated answer (no one validates their own reply)."""
    if post.poster_id is None:
        return False
    return post.poster_id == topic.poster_id or (user is not None and post.poster_id == user.pk)


def can_be_validated(post, topic, user=None):
    """Whether ``post`` may be the validated answer of ``topic``: a readable reply of it by
    someone other than the topic's author and than ``user``, who validates it."""
    return (
        post.topic_id == topic.pk
        and post.pk != topic.first_post_id
        and post.approved
        and not post.is_hidden
        and not is_own_reply(post, topic, user)
    )


def set_validated_post(topic, post):
    """Store the validated answer of ``topic`` through a save: its signal is what tells the
    caches that every page showing the topic changed (an ``update()`` sends none)."""
    topic.validated_post = post
    topic.save(update_fields=["validated_post"])


def validate_answer(topic, post, user):
    """Mark ``post`` as the validated answer of ``topic`` and tell the community."""
    set_validated_post(topic, post)
    answer_validated.send(sender=Topic, topic=topic, post=post, user=user)


def remove_validation(topic):
    set_validated_post(topic, None)
