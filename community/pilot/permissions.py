"""Who reads the beta feedback inbox in the Wagtail admin: moderators (both kinds) and editors.

Moderators have no other use of the admin: they get the right to sign in to it and the
feedback's view and change permissions, nothing else. Run by ``setup_site``; idempotent.
"""

from django.contrib.auth.models import Group, Permission

from community.accounts.roles import EDITORS_GROUP, MODERATORS_GROUP, PILOT_MODERATORS_GROUP

INBOX_GROUPS = (MODERATORS_GROUP, PILOT_MODERATORS_GROUP, EDITORS_GROUP)
INBOX_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("pilot", "view_feedback"),
    ("pilot", "change_feedback"),
)


def ensure_inbox_permissions():
    """Give the inbox groups their permissions; return how many were added."""
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in INBOX_PERMISSIONS
    ]
    added = 0
    for name in INBOX_GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        missing = set(permissions) - set(group.permissions.all())
        group.permissions.add(*missing)
        added += len(missing)
    return added
