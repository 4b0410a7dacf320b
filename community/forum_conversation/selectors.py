"""What other apps may ask of the forum's conversations."""

from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def latest_topics(user, limit=5):
    """The most recently active approved topics in the forums ``user`` may read."""
    readable = PermissionHandler().get_readable_forums(Forum.objects.all(), user)
    return (
        Topic.approved_objects.filter(forum__in=readable)
        .select_related("forum", "poster", "last_post", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )
