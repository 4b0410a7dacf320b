"""Who a consultation is for: the pilot group, every member, or the moderators."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from community.accounts.backends import group_names  # kept in the shared cache
from community.accounts.roles import (
    MODERATORS_GROUP,
    PILOT_GROUP,
    PILOT_MODERATORS_GROUP,
)

PILOT = "pilot"
MEMBERS = "members"
MODERATORS = "moderators"
CHOICES = [
    (PILOT, _("the pilot group")),
    (MEMBERS, _("all members")),
    (MODERATORS, _("the moderators")),
]
GROUPS = {
    PILOT: (PILOT_GROUP, PILOT_MODERATORS_GROUP),
    MODERATORS: (MODERATORS_GROUP, PILOT_MODERATORS_GROUP),
}


def is_approved(user):
    return user.is_authenticated and user.is_approved


def audiences_of(user):
    """The audiences ``user`` belongs to (none for a visitor or a member not approved)."""
    if not is_approved(user):
        return []
    if user.is_superuser:
        return [PILOT, MEMBERS, MODERATORS]

    names = group_names(user)
    return [MEMBERS, *(key for key, groups in GROUPS.items() if names & set(groups))]


def member_ids(audience):
    """The ids of the approved members of ``audience`` (one query)."""
    User = get_user_model()
    members = User.approved_members()
    if audience in GROUPS:
        members = members.filter(Q(groups__name__in=GROUPS[audience]))
    return set(members.values_list("pk", flat=True))
