from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def sync_site_after_migrate(sender, using="default", **kwargs):
    # site.py reads Wagtail's models, which apps.py is imported before.
    from .site import sync_site_address

    if using == "default":
        sync_site_address()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")

    def ready(self):
        from cms import public_urls  # noqa: F401  (registers the WAGTAILADMIN_BASE_URL check)

        # The Wagtail site follows WAGTAILADMIN_BASE_URL: a new address applies at the next migrate.
        post_migrate.connect(sync_site_after_migrate, sender=self)
