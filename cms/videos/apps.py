from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "cms.videos"
    label = "videos"
    verbose_name = _("Videos")
    default_auto_field = "django.db.models.BigAutoField"
