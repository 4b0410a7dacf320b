"""What other apps may ask of the forum's conversations (always through ``visible_to``)."""

from machina.core.db.models import get_model

from .filters import followed_condition, state_condition

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def visible_topics(request, queryset=None):
    """The topics (of ``queryset``, by default all) the request's user may see."""
    queryset = Topic.objects if queryset is None else queryset
    return queryset.visible_to(request.user, getattr(request, "forum_permission_handler", None))


def visible_posts(request, queryset=None):
    """The posts (of ``queryset``, by default all) the request's user may read."""
    queryset = Post.objects if queryset is None else queryset
    return queryset.visible_to(request.user, getattr(request, "forum_permission_handler", None))


def latest_topics(user, limit=5, handler=None):
    """The most recently active topics ``user`` may see."""
    return (
        Topic.objects.visible_to(user, handler)
        .select_related("forum", "poster", "last_post", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )


def unanswered_followed_topics(user, limit=5, handler=None):
    """Questions waiting for an answer in the rubrics and themes ``user`` follows (not theirs).

    Newest first; empty for an anonymous visitor.
    """
    if not user.is_authenticated:
        return Topic.objects.none()

    return (
        Topic.objects.visible_to(user, handler)
        .filter(approved=True, type=Topic.TOPIC_POST)
        .filter(state_condition("sans-reponse"), followed_condition(user, topics=False))
        .exclude(poster=user)
        .select_related("forum", "poster")
        .order_by("-created")[:limit]
    )
