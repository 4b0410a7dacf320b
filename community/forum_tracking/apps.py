from django.db.models.signals import post_delete, post_save
from machina.apps.forum_tracking.apps import ForumTrackingAppConfig
from machina.core.db.models import get_model


class CommunityForumTrackingConfig(ForumTrackingAppConfig):
    """machina's read tracking (same label), with the project's tracking handler.

    Being the ``forum_tracking`` app lets machina's class loader find ``handler.py`` here first.
    The models and their migrations stay machina's (``MIGRATION_MODULES``).
    """

    default = True
    name = "community.forum_tracking"

    def ready(self):
        super().ready()

        # The marks read machina's models: imported once the app registry is ready.
        from .marks import marks_changed

        for name in ("ForumReadTrack", "TopicReadTrack"):
            model = get_model("forum_tracking", name)
            post_save.connect(marks_changed, sender=model, dispatch_uid=f"marks_saved_{name}")
            post_delete.connect(marks_changed, sender=model, dispatch_uid=f"marks_deleted_{name}")
