"""Who may do what in the forum: the one place where roles and machina permissions are defined.

``apply_forum_permissions()`` brings the database in line with the tables below. It is run by
``manage.py setup_site`` (and so ``load_demo``), by ``manage.py apply_forum_roles`` and by the test
fixture ``portal``; running it twice changes nothing.

- anonymous visitors: read the public rubrics (unless ``COMCEP_FORUM_ANONYMOUS_READ`` is off);
- every signed-in member, including pending ones: read the public rubrics;
- Conseillers: read, start topics, reply, edit their own posts, attach files, create and vote
  in polls;
- Rédacteurs and Éditeurs (the portal's editorial groups, named in ``cms/editorial.py``): as
  counsellors, plus sticky topics and announcements;
- Modérateurs: as counsellors, plus approve, edit, lock, move and delete any post;
- Partenaires: read only;
- Groupe pilote: the only group that sees the private "Groupe pilote" rubric, where its members
  have the counsellors' rights;
- Modérateurs du groupe pilote: the only moderators of the pilot rubric (and its readers).

Outside the rubrics' permissions, two rules are defined here too: who takes part beyond reading
(``may_participate``: supporting proposals of rubrics and themes, following topics, rubrics and
themes: the roles that may post, never partners nor pending members) and who moderates
membership (``may_moderate_members``: the sign-up queue and suspended members, with applicants'
e-mail addresses: the general moderators only; the pilot group's moderators moderate its rubric).

A private rubric is private for every action: machina checks reply, new topic, download, vote and
the moderation actions without checking read, so every managed permission (not only read) is
withheld there from everyone but the pilot roles.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from machina.core.db.models import get_model

from cms.editorial import EDITORS_GROUP, WRITERS_GROUP
from cms.performance.invalidation import bulk_create
from community.forum_permission.checker import forum_permissions_changed

from .backends import group_names  # the member's groups, kept in the shared cache

Forum = get_model("forum", "Forum")
ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")

COUNSELLORS_GROUP = "Conseillers"
MODERATORS_GROUP = "Modérateurs"
PARTNERS_GROUP = "Partenaires"
PILOT_GROUP = "Groupe pilote"
PILOT_MODERATORS_GROUP = "Modérateurs du groupe pilote"
ROLE_GROUPS = (
    COUNSELLORS_GROUP,
    MODERATORS_GROUP,
    WRITERS_GROUP,
    EDITORS_GROUP,
    PARTNERS_GROUP,
    PILOT_GROUP,
    PILOT_MODERATORS_GROUP,
)

# The private rubric (a category and everything under it) only the pilot group can see. It is
# part of the product (``manage.py setup_site`` creates it); other rubrics are moderators' content.
PILOT_RUBRIC_SLUG = "groupe-pilote"
PILOT_RUBRIC_NAME = "Groupe pilote"
PILOT_RUBRIC_DESCRIPTION = (
    "Espace privé des conseillers du groupe pilote : tester la plateforme et décider ensemble."
)
PILOT_RUBRIC_FORUMS = (
    ("Retours sur la bêta", "Ce qui marche, ce qui bloque, ce qui manque dans la bêta."),
)

READ = ("can_see_forum", "can_read_forum")

COUNSELLOR_PERMISSIONS = (
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
EDITOR_PERMISSIONS = (*COUNSELLOR_PERMISSIONS, "can_post_announcements", "can_post_stickies")
MODERATOR_PERMISSIONS = (
    *EDITOR_PERMISSIONS,
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
)
GROUP_PERMISSIONS = {
    COUNSELLORS_GROUP: COUNSELLOR_PERMISSIONS,
    WRITERS_GROUP: EDITOR_PERMISSIONS,
    EDITORS_GROUP: EDITOR_PERMISSIONS,
    MODERATORS_GROUP: MODERATOR_PERMISSIONS,
    PARTNERS_GROUP: READ,
    PILOT_GROUP: (),
    PILOT_MODERATORS_GROUP: (),
}
# What each pilot role may do inside the pilot rubric; everyone else may do nothing there.
PILOT_RUBRIC_PERMISSIONS = {
    PILOT_GROUP: COUNSELLOR_PERMISSIONS,
    PILOT_MODERATORS_GROUP: MODERATOR_PERMISSIONS,
}
MANAGED_PERMISSIONS = MODERATOR_PERMISSIONS

# Django permissions of the roles outside the forum ("app_label.codename"), added by
# ``apply_forum_permissions()`` (never removed). Moderators open the Wagtail admin for the community
# dashboard (community/steering) and the beta feedback inbox (community/pilot); editors already
# have the admin (cms/editorial.py).
DASHBOARD = "steering.view_dashboard"
FEEDBACK_INBOX = ("pilot.view_feedback", "pilot.change_feedback")
ROLE_MODEL_PERMISSIONS = {
    MODERATORS_GROUP: ("wagtailadmin.access_admin", DASHBOARD, *FEEDBACK_INBOX),
    PILOT_MODERATORS_GROUP: ("wagtailadmin.access_admin", DASHBOARD, *FEEDBACK_INBOX),
    EDITORS_GROUP: (DASHBOARD, *FEEDBACK_INBOX),
}

# The roles that take part beyond reading: those that may reply somewhere (in every public rubric,
# or in the pilot rubric). Partners read only; a member without a role (pending, or whose role was
# withdrawn) neither.
PARTICIPANT_GROUPS = tuple(
    name
    for name in ROLE_GROUPS
    if "can_reply_to_topics" in (*GROUP_PERMISSIONS[name], *PILOT_RUBRIC_PERMISSIONS.get(name, ()))
)
# Membership is moderated for the whole community: approving or refusing an applicant (whose
# professional e-mail address the queue shows), reinstating a suspended member.
MEMBER_MODERATOR_GROUPS = (MODERATORS_GROUP,)

ANONYMOUS = "anonymous"
AUTHENTICATED = "authenticated"


def _approved_member_in(user, group_names_wanted):
    if not (user.is_authenticated and user.is_approved):
        return False

    return user.is_superuser or bool(group_names(user) & set(group_names_wanted))


def may_participate(user):
    """An approved member with a role that posts may support proposals and follow discussions."""
    return _approved_member_in(user, PARTICIPANT_GROUPS)


def may_moderate_members(user):
    """The sign-up queue and the suspended members: general moderators (and administrators)."""
    return _approved_member_in(user, MEMBER_MODERATOR_GROUPS)


def anonymous_permissions():
    return READ if settings.COMCEP_FORUM_ANONYMOUS_READ else ()


def pilot_forums():
    """The pilot rubric and everything under it."""
    roots = Forum.objects.filter(slug=PILOT_RUBRIC_SLUG, parent=None)
    forums = []
    for root in roots:
        forums.extend(root.get_descendants(include_self=True))
    return forums


def ensure_pilot_rubric():
    """The pilot group's private rubric and its first forum; return how many forums were created.

    Run ``apply_forum_permissions()`` afterwards: until then the new forums are not private.
    """
    category = Forum.objects.filter(slug=PILOT_RUBRIC_SLUG, parent=None).first()
    created = 0
    if category is None:
        category = Forum.objects.create(
            name=PILOT_RUBRIC_NAME,
            slug=PILOT_RUBRIC_SLUG,
            type=Forum.FORUM_CAT,
            description=PILOT_RUBRIC_DESCRIPTION,
        )
        created += 1
    return created + ensure_forums(category, PILOT_RUBRIC_FORUMS)


def ensure_forums(category, forums):
    """The forums ``(name, description)`` under ``category``; return how many were created."""
    created = 0
    for name, description in forums:
        _forum, was_created = Forum.objects.get_or_create(
            name=name,
            parent=category,
            defaults={"type": Forum.FORUM_POST, "description": description},
        )
        created += was_created
    return created


def desired_grants(groups, pilot_forum_ids):
    """{(target, forum_id, codename): has_perm}; target: ANONYMOUS, AUTHENTICATED or a group id."""
    grants = {}
    for codename in anonymous_permissions():
        grants[ANONYMOUS, None, codename] = True
    for codename in READ:
        grants[AUTHENTICATED, None, codename] = True
    for name, codenames in GROUP_PERMISSIONS.items():
        for codename in codenames:
            grants[groups[name].pk, None, codename] = True
    for forum_id in pilot_forum_ids:
        for codename in MANAGED_PERMISSIONS:
            grants[ANONYMOUS, forum_id, codename] = False
            grants[AUTHENTICATED, forum_id, codename] = False
            for name in ROLE_GROUPS:
                granted = codename in PILOT_RUBRIC_PERMISSIONS.get(name, ())
                grants[groups[name].pk, forum_id, codename] = granted
    return grants


def apply_model_permissions(groups):
    """Give each role group its Django permissions; return how many were added."""
    added = 0
    for name, permissions in ROLE_MODEL_PERMISSIONS.items():
        wanted = Q(pk__in=[])
        for app_label, codename in (permission.split(".", 1) for permission in permissions):
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        missing = list(Permission.objects.filter(wanted).exclude(group=groups[name]))
        groups[name].permissions.add(*missing)
        added += len(missing)
    return added


def ensure_role_groups():
    """The role groups, by name; created when missing."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLE_GROUPS}


@transaction.atomic
def apply_forum_permissions():
    """Make the forum permissions match the role tables; return how many rows changed.

    Only the rows this module manages are touched: global grants of anonymous visitors, of all
    signed-in members and of the role groups, and every grant on the pilot rubric. Machina creates
    the permission codenames after ``migrate``, so this must run after it.
    """
    codenames = set(MANAGED_PERMISSIONS)
    permissions = ForumPermission.objects.in_bulk(codenames, field_name="codename")
    if missing := codenames - set(permissions):
        raise LookupError(f"Unknown forum permissions, run migrate first: {sorted(missing)}")

    groups = ensure_role_groups()
    pilot_ids = [forum.pk for forum in pilot_forums()]
    wanted = desired_grants(groups, pilot_ids)
    forum_scope = Q(forum=None) | Q(forum__in=pilot_ids)
    changes = 0

    user_rows = UserForumPermission.objects.filter(forum_scope, user=None).select_related(
        "permission"
    )
    group_rows = GroupForumPermission.objects.filter(
        forum_scope, group__in=groups.values()
    ).select_related("permission")
    existing = {}
    for row in user_rows:
        target = ANONYMOUS if row.anonymous_user else AUTHENTICATED
        existing[target, row.forum_id, row.permission.codename] = row
    for row in group_rows:
        existing[row.group_id, row.forum_id, row.permission.codename] = row

    for key, row in existing.items():
        if key not in wanted:
            row.delete()
            changes += 1
        elif row.has_perm != wanted[key]:
            row.has_perm = wanted[key]
            row.save(update_fields=["has_perm"])
            changes += 1

    new_user_rows, new_group_rows = [], []
    for (target, forum_id, codename), has_perm in wanted.items():
        if (target, forum_id, codename) in existing:
            continue
        fields = {"permission": permissions[codename], "forum_id": forum_id, "has_perm": has_perm}
        if target in (ANONYMOUS, AUTHENTICATED):
            new_user_rows.append(
                UserForumPermission(
                    anonymous_user=target == ANONYMOUS,
                    authenticated_user=target == AUTHENTICATED,
                    **fields,
                )
            )
        else:
            new_group_rows.append(GroupForumPermission(group_id=target, **fields))
    bulk_create(UserForumPermission, new_user_rows)
    bulk_create(GroupForumPermission, new_group_rows)
    if new_user_rows or new_group_rows:  # the permission checker's own number
        forum_permissions_changed()
    changes += apply_model_permissions(groups)
    return changes + len(new_user_rows) + len(new_group_rows)
