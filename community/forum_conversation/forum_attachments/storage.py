"""Where attachments are stored: a private folder, outside MEDIA_ROOT, with no public URL.

Files are only ever read back by the permission-checked download view
(``forum_conversation:attachment``), never served by the web server.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PrivateFileSystemStorage(FileSystemStorage):
    """File system storage rooted at ``PRIVATE_MEDIA_ROOT`` unless given a location; no URLs."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public URL; use the permission-checked view.")


def attachment_storage():
    """The storage of attachment files (``STORAGES["attachments"]``), chosen at run time."""
    return storages["attachments"]
