"""Who may contribute to the catalogue, and who may turn a validated answer into a fiche."""

from cms.performance.standin import audience_reader
from community.accounts.backends import group_names
from community.accounts.roles import (
    COUNSELLORS_GROUP,
    EDITORS_GROUP,
    PILOT_GROUP,
    WRITERS_GROUP,
)

CONTRIBUTOR_GROUPS = (COUNSELLORS_GROUP, PILOT_GROUP)
EDITORIAL_GROUPS = (EDITORS_GROUP, WRITERS_GROUP)


def _group_names(user):
    return group_names(user)


def can_contribute(user):
    """An approved counsellor (not a pending, suspended or partner account) may propose."""
    user = audience_reader(user)  # the audience holds the answer (member_audience)
    if not (user.is_authenticated and user.is_approved):
        return False
    return user.is_superuser or bool(_group_names(user) & set(CONTRIBUTOR_GROUPS))


def is_editor(user):
    """A member of the editorial team (Rédacteurs, Éditeurs) or an administrator."""
    user = audience_reader(user)  # the audience holds the answer (member_audience)
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(_group_names(user) & set(EDITORIAL_GROUPS))


def member_audience(request):
    """The contributions' part of a member's audience in the members' page cache (registered in
    ``apps.py``): whether they may propose content, whether they edit."""
    return (can_contribute(request.user), is_editor(request.user))


def can_make_fiche(request, topic):
    """An editor, or a moderator of the topic's rubric, may make a fiche of its validated answer."""
    user = request.user
    if is_editor(user):
        return True
    if not user.is_authenticated:
        return False
    handler = request.forum_permission_handler
    return bool(handler.can_approve_posts(topic.forum, user))
