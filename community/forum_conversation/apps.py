from machina.apps.forum_conversation.apps import ForumConversationAppConfig


class CommunityForumConversationConfig(ForumConversationAppConfig):
    """Machina's topics and posts, with the project's own models (same label)."""

    default = True
    name = "community.forum_conversation"

    def ready(self):
        super().ready()
        # These modules read the forum's models: imported once the app registry is ready.
        from cms.performance.membercache import register_audience_part

        from . import slugs  # noqa: F401  (ASCII slugs for rubrics and topics)
        from .visibility import member_audience

        register_audience_part("forum", member_audience)
