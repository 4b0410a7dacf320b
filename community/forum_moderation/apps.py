from machina.apps.forum_moderation.apps import ForumModerationAppConfig


class CommunityForumModerationConfig(ForumModerationAppConfig):
    """machina's moderation views (same label), each action written to the moderation log."""

    default = True
    name = "community.forum_moderation"
