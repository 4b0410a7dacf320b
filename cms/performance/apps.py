from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "cms.performance"
    label = "performance"
    verbose_name = _("Performance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects to models of every app: imported once the app registry is ready.
        from . import invalidation

        invalidation.connect()
