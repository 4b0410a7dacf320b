from machina.apps.forum_member.apps import ForumMemberAppConfig


class CommunityForumMemberConfig(ForumMemberAppConfig):
    """Machina's member profiles, with the project's own model (same label)."""

    default = True
    name = "community.forum_member"
