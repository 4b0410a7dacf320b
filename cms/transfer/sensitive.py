"""What must never leave this instance through wagtail-transfer, as plain constants.

No Django import here: the settings read these too (``WAGTAILTRANSFER_NO_FOLLOW_MODELS``).
"""

# Apps whose every model holds members' data, access rights or forum content.
SENSITIVE_APP_LABELS = frozenset(
    {
        "accounts",
        "admin",
        "auth",
        "sessions",
        "forum",
        "forum_conversation",
        "forum_attachments",
        "forum_polls",
        "forum_tracking",
        "forum_member",
        "forum_moderation",
        "forum_permission",
        "community_moderation",
        "contributions",
        "notifications",
        "steering",
        "django_tasks_db",
        "wagtailusers",
        "wagtailforms",
        "wagtailadmin",
    }
)
# Wagtail models that hold drafts, editorial discussion, access rules (passwords) or who did what.
SENSITIVE_WAGTAIL_MODELS = frozenset(
    {
        "wagtailcore.revision",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
        "wagtailcore.pagesubscription",
        "wagtailcore.pageviewrestriction",
        "wagtailcore.collectionviewrestriction",
        "wagtailcore.grouppagepermission",
        "wagtailcore.groupcollectionpermission",
        "wagtailcore.groupsitepermission",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.workflowstate",
        "wagtailcore.taskstate",
        "wagtailcore.uploadedfile",
    }
)
