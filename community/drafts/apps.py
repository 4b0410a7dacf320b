from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DraftsConfig(AppConfig):
    name = "community.drafts"
    label = "drafts"
    verbose_name = _("Drafts")

    def ready(self):
        # The app's models and what uses them load only once the app registry is ready.
        from .models import Draft
        from .services import drafts_changed

        post_save.connect(drafts_changed, sender=Draft, dispatch_uid="draft_saved")
        post_delete.connect(drafts_changed, sender=Draft, dispatch_uid="draft_deleted")
