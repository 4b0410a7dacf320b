"""Sign-in by e-mail address, and Django's permission checks with each member's permissions kept
in the shared cache.

A member signs in with their e-mail address, whatever its case; their handle (``username``) is
public (``@handle`` on their profile and in mentions) and is never accepted as a sign-in name.

Every page asks what the member may do (the header's "Administration" or "Avis sur la bêta" link),
and Django's ``ModelBackend`` answers with two queries per request (the member's own permissions and
their groups'). The answer changes only when a member's groups, a group's permissions, a member's
own permissions or a permission change: this backend keeps it in the shared cache under the version
number the forum's permission checker already uses, bumped by each of those changes
(:func:`community.forum_permission.checker.bump_permissions_version`), so a change is seen at the
next request on every app server.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models.functions import Lower

from cms.performance.invalidation import member_key
from cms.performance.shared import remember
from community.forum_permission.checker import remember_for_permissions


class CachedPermissionsBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        """The member whose e-mail address is ``username`` (what the sign-in forms call the field:
        the site's, Wagtail's and Django's admin) or ``email``, when the password is theirs."""
        address = (username if username is not None else email or "").strip()
        if not address or password is None:
            return None
        User = get_user_model()
        # At most one: the address is unique whatever its case. Written as the model's unique
        # constraint is (lower case, not empty), so that its index finds the member.
        member = (
            User._default_manager.alias(address=Lower("email"))
            .filter(address=address.lower())
            .exclude(email="")
            .first()
        )
        if member is None:
            # Hash anyway: an unknown address takes as long to refuse as a wrong password.
            User().set_password(password)
            return None
        if member.check_password(password) and self.user_can_authenticate(member):
            return member
        return None

    def get_user(self, user_id):
        """The signed-in member, kept under their own version number: every save or deletion of
        the member bumps it, so a page costs no query to know who reads it, and a change of
        password, status or activity is seen at the next request (the session check included).
        Only ``last_login``, saved alone at sign-in, may be older here. An inactive or deleted
        member gives None, which is not kept.

        The copy kept carries no password hash: the session check's value is computed once and
        kept instead, and the hash is read from the database if anything asks for it."""

        def load():
            user = super(CachedPermissionsBackend, self).get_user(user_id)
            if user is not None:
                user.session_auth_hash = user.get_session_auth_hash()
                del user.__dict__["password"]  # deferred: loaded again if read
            return user

        return remember(f"member:{user_id}", load, keys=(member_key(user_id),))

    def _get_permissions(self, user_obj, obj, from_name):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super()._get_permissions(user_obj, obj, from_name)
        perm_cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, perm_cache_name):
            compute = super()._get_permissions
            perms = remember_for_permissions(
                f"perms:{from_name}:{user_obj.pk}:{int(user_obj.is_superuser)}",
                lambda: compute(user_obj, obj, from_name),
            )
            setattr(user_obj, perm_cache_name, perms)
        return getattr(user_obj, perm_cache_name)


def group_names(user):
    """The names of ``user``'s groups, kept like their permissions (one query a version)."""
    if not hasattr(user, "_group_names"):
        user._group_names = remember_for_permissions(
            f"groups:{user.pk}", lambda: set(user.groups.values_list("name", flat=True))
        )
    return user._group_names
