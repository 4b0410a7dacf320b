from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """The personal-data guard: what a counsellor is about to publish is checked for a
    beneficiary's identifiers (no models; a detector, a form mixin and a report command)."""

    name = "community.privacy"
    verbose_name = _("Personal data")
