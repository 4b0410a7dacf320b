from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "community.moderation"
    label = "community_moderation"
    verbose_name = _("Forum moderation")

    def ready(self):
        from . import alerts  # noqa: F401 -- connects the receivers
