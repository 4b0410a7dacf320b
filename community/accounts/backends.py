"""Django's permission checks, with each member's permissions kept in the shared cache.

Every page asks what the member may do (the header's "Administration" or "Avis sur la bêta" link),
and Django's ``ModelBackend`` answers with two queries per request (the member's own permissions and
their groups'). The answer changes only when a member's groups, a group's permissions, a member's
own permissions or a permission change: this backend keeps it in the shared cache under the version
number the forum's permission checker already uses, bumped by each of those changes
(:func:`community.forum_permission.checker.bump_permissions_version`), so a change is seen at the
next request on every app server.
"""

from django.contrib.auth.backends import ModelBackend


class CachedPermissionsBackend(ModelBackend):
    def get_user(self, user_id):
        """The signed-in member, kept under the version of public content: every save or deletion
        of a member bumps it (their name shows on public pages), so a page costs no query to know
        who reads it, and a change of password, status or activity is seen at the next request
        (the session check included). Only ``last_login``, saved alone at sign-in, may be older
        here. An inactive or deleted member gives None, which is not kept."""
        from cms.performance.shared import remember

        return remember(
            f"member:{user_id}", lambda: super(CachedPermissionsBackend, self).get_user(user_id)
        )

    def _get_permissions(self, user_obj, obj, from_name):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super()._get_permissions(user_obj, obj, from_name)
        perm_cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, perm_cache_name):
            from community.forum_permission.checker import remember_for_permissions

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
        from community.forum_permission.checker import remember_for_permissions

        user._group_names = remember_for_permissions(
            f"groups:{user.pk}", lambda: set(user.groups.values_list("name", flat=True))
        )
    return user._group_names
