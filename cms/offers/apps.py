from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "cms.offers"
    label = "offers"
    verbose_name = _("Offers catalogue")

    def ready(self):
        from wagtail.signals import page_published

        from .rechecks import on_page_published

        page_published.connect(on_page_published, dispatch_uid="offers_on_page_published")
