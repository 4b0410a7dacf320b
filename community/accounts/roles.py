"""Who may do what in the forum: the one place where machina permissions are granted."""

from django.contrib.auth.models import Group
from django.db import transaction
from machina.core.db.models import get_model

ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")

MODERATORS_GROUP = "Modérateurs"

READ = ("can_see_forum", "can_read_forum")

ANONYMOUS_PERMISSIONS = READ

MEMBER_PERMISSIONS = (
    *READ,
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_delete_own_posts",
    "can_post_without_approval",
    "can_create_polls",
    "can_vote_in_polls",
    "can_attach_file",
    "can_download_file",
)

MODERATOR_PERMISSIONS = (
    *MEMBER_PERMISSIONS,
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
    "can_post_announcements",
    "can_post_stickies",
)


@transaction.atomic
def apply_forum_permissions():
    """Grant the role permissions on every forum; return how many grants were created.

    Idempotent: a second run creates nothing. Machina creates the permission codenames after
    ``migrate``, so this must run after it.
    """
    codenames = set(MODERATOR_PERMISSIONS) | set(ANONYMOUS_PERMISSIONS)
    permissions = ForumPermission.objects.in_bulk(codenames, field_name="codename")
    if missing := codenames - set(permissions):
        raise LookupError(f"Unknown forum permissions, run migrate first: {sorted(missing)}")

    moderators, _created = Group.objects.get_or_create(name=MODERATORS_GROUP)

    existing_user_grants = set(
        UserForumPermission.objects.filter(forum=None, user=None).values_list(
            "permission__codename", "anonymous_user", "authenticated_user"
        )
    )
    user_grants = [
        UserForumPermission(
            permission=permissions[codename],
            anonymous_user=anonymous,
            authenticated_user=not anonymous,
            has_perm=True,
        )
        for anonymous, granted in ((True, ANONYMOUS_PERMISSIONS), (False, MEMBER_PERMISSIONS))
        for codename in granted
        if (codename, anonymous, not anonymous) not in existing_user_grants
    ]
    existing_group_grants = set(
        GroupForumPermission.objects.filter(forum=None, group=moderators).values_list(
            "permission__codename", flat=True
        )
    )
    group_grants = [
        GroupForumPermission(permission=permissions[codename], group=moderators, has_perm=True)
        for codename in MODERATOR_PERMISSIONS
        if codename not in existing_group_grants
    ]
    UserForumPermission.objects.bulk_create(user_grants)
    GroupForumPermission.objects.bulk_create(group_grants)
    return len(user_grants) + len(group_grants)
