"""Machina's attachment model, concrete in the project: private storage and generated names."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from machina.apps.forum_conversation.forum_attachments.abstract_models import AbstractAttachment

from .files import attachment_upload_to, display_name
from .storage import attachment_storage


class Attachment(AbstractAttachment):
    file = models.FileField(
        upload_to=attachment_upload_to,
        storage=attachment_storage,
        max_length=255,
        verbose_name=_("File"),
    )
    original_name = models.CharField(
        _("original file name"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown to readers and used for downloads; the file is stored under a random name."
        ),
    )

    @property
    def filename(self):
        return self.original_name or display_name(self.file.name)

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            self.original_name = display_name(self.file.name)
        super().save(*args, **kwargs)
