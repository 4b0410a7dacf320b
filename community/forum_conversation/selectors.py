"""What other apps may ask of the forum's conversations (always through ``visible_to``)."""

from machina.core.db.models import get_model

Topic = get_model("forum_conversation", "Topic")


def latest_topics(user, limit=5, handler=None):
    """The most recently active topics ``user`` may see."""
    return (
        Topic.objects.visible_to(user, handler)
        .select_related("forum", "poster", "last_post", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )
