from machina.apps.forum_permission.apps import ForumPermissionAppConfig


class CommunityForumPermissionConfig(ForumPermissionAppConfig):
    """machina's forum permissions (same label), with the project's permission checker.

    Being the ``forum_permission`` app lets machina's class loader find ``checker.py`` here first,
    for every handler machina creates, and ``middleware.py`` replaces machina's middleware.
    """

    default = True
    name = "community.forum_permission"
