from machina.apps.forum_tracking.apps import ForumTrackingAppConfig


class CommunityForumTrackingConfig(ForumTrackingAppConfig):
    """machina's read tracking (same label), with the project's tracking handler.

    Being the ``forum_tracking`` app lets machina's class loader find ``handler.py`` here first.
    The models and their migrations stay machina's (``MIGRATION_MODULES``).
    """

    default = True
    name = "community.forum_tracking"
