from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "community.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from . import receivers  # noqa: F401  (connects the receivers once the models are loaded)
