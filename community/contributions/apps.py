from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    name = "community.contributions"
    label = "contributions"
    verbose_name = _("Members' contributions")

    def ready(self):
        from . import receivers  # noqa: F401  (signal receivers)
