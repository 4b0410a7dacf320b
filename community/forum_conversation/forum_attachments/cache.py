"""machina's attachment cache (files kept between a preview and the final submit), which only
keeps files that pass the checks: a refused or oversized file is never written to the cache."""

from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from machina.apps.forum_conversation.forum_attachments.cache import AttachmentCache

from .files import check_upload


class CheckedAttachmentCache(AttachmentCache):
    def set(self, key, files):
        accepted = MultiValueDict()
        for name, upload in files.items():
            try:
                check_upload(upload)
            except ValidationError:
                continue
            accepted[name] = upload
        if accepted:
            super().set(key, accepted)
        else:
            self.delete(key)


cache = CheckedAttachmentCache()
