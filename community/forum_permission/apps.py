from machina.apps.forum_permission.apps import ForumPermissionAppConfig


class CommunityForumPermissionConfig(ForumPermissionAppConfig):
    """machina's forum permissions (same label), with the project's permission checker.

    Being the ``forum_permission`` app lets machina's class loader find ``checker.py`` here first,
    for every handler machina creates, and ``middleware.py`` replaces machina's middleware.
    """

    default = True
    name = "community.forum_permission"

    def ready(self):
        super().ready()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .checker import (
            ForumPermission,
            GroupForumPermission,
            UserForumPermission,
            bump_permissions_version,
        )

        # The cached rows of the permission checker follow the rows and each member's groups.
        for model in (ForumPermission, GroupForumPermission, UserForumPermission, Group):
            for signal in (post_save, post_delete):
                signal.connect(bump_permissions_version, sender=model, weak=False)
        m2m_changed.connect(
            bump_permissions_version, sender=get_user_model().groups.through, weak=False
        )
