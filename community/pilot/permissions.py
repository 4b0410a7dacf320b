"""Who reads the beta feedback inbox in the Wagtail admin: moderators (both kinds) and editors.

The permissions are in the role table (``community.accounts.roles.ROLE_MODEL_PERMISSIONS``),
applied by ``setup_site``; this gives them to the role groups on their own (tests). Idempotent.
"""

from community.accounts.roles import apply_model_permissions, ensure_role_groups


def ensure_inbox_permissions():
    """Give the role groups their Django permissions, the inbox's among them; return how many
    were added."""
    return apply_model_permissions(ensure_role_groups())
