from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "cms.transfer"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
