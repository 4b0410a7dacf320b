from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published


class OffersConfig(AppConfig):
    name = "cms.offers"
    label = "offers"
    verbose_name = _("Offers catalogue")

    def ready(self):
        # The app's models and what uses them load only once the app registry is ready.
        from .models import PageFollow, page_follows_changed
        from .rechecks import on_page_published

        page_published.connect(on_page_published, dispatch_uid="offers_on_page_published")
        post_save.connect(
            page_follows_changed, sender=PageFollow, dispatch_uid="offers_follow_saved"
        )
        post_delete.connect(
            page_follows_changed, sender=PageFollow, dispatch_uid="offers_follow_deleted"
        )
