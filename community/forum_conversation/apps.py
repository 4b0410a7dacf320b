from machina.apps.forum_conversation.apps import ForumConversationAppConfig


class CommunityForumConversationConfig(ForumConversationAppConfig):
    """Machina's topics and posts, with the project's own models (same label)."""

    default = True
    name = "community.forum_conversation"

    def ready(self):
        super().ready()
        from . import slugs  # noqa: F401  (ASCII slugs for rubrics and topics)
