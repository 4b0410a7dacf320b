from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from machina.apps.forum_permission.apps import ForumPermissionAppConfig
from machina.core.db.models import get_model


class CommunityForumPermissionConfig(ForumPermissionAppConfig):
    """machina's forum permissions (same label), with the project's permission checker.

    Being the ``forum_permission`` app lets machina's class loader find ``checker.py`` here first,
    for every handler machina creates, and ``middleware.py`` replaces machina's middleware.
    """

    default = True
    name = "community.forum_permission"

    def ready(self):
        super().ready()
        # Django's auth models load only once the app registry is ready.
        from django.contrib.auth.models import Group, Permission

        # The checker reads machina's models: imported once the app registry is ready.
        from .checker import (
            ForumPermission,
            GroupForumPermission,
            UserForumPermission,
            bump_permissions_version,
            forum_saved,
            member_saved,
            remember_forum_structure,
        )

        # The cached rows of the permission checker follow the rows and each member's groups.
        for model in (ForumPermission, GroupForumPermission, UserForumPermission, Group):
            for signal in (post_save, post_delete):
                signal.connect(bump_permissions_version, sender=model, weak=False)
        # And so do each member's cached model permissions (community/accounts/backends.py).
        User = get_user_model()
        for signal in (post_save, post_delete):
            signal.connect(bump_permissions_version, sender=Permission, weak=False)
        post_save.connect(member_saved, sender=User, weak=False)
        post_delete.connect(bump_permissions_version, sender=User, weak=False)
        # The rubrics' tree: a rubric added, moved, renamed or deleted changes who reads what.
        Forum = get_model("forum", "Forum")
        post_init.connect(remember_forum_structure, sender=Forum, weak=False)
        post_save.connect(forum_saved, sender=Forum, weak=False)
        post_delete.connect(bump_permissions_version, sender=Forum, weak=False)
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(bump_permissions_version, sender=through, weak=False)
