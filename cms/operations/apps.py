from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: backup and restore of the database, the media and the attachments; the
    background worker that reconnects (``manage.py db_worker``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms.operations"
    label = "operations"
