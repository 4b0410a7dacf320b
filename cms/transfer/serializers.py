"""What the export tells an importing instance, beyond wagtail-transfer's defaults.

wagtail-transfer 0.11 leaves out a page's publication dates, so an imported page had none. They are
sent here; who locked a page is not (a lock belongs to this instance's editors). Documents are
fetched from an address this project serves.
"""

from wagtail.documents.models import AbstractDocument
from wagtail_transfer.field_adapters import FileAdapter
from wagtail_transfer.serializers import PageSerializer

from cms.public_urls import public_url

CARRIED_FIELDS = {"first_published_at", "last_published_at", "go_live_at", "expire_at"}


class PublishedPageSerializer(PageSerializer):
    ignored_fields = [
        *(name for name in PageSerializer.ignored_fields if name not in CARRIED_FIELDS),
        "locked_by",
        "locked_at",
    ]


class ServedFileAdapter(FileAdapter):
    """A document's file is fetched through Wagtail's document view, as any visitor would.

    wagtail-transfer points the importer at the file's storage URL (/media/documents/…), which this
    project never serves: documents go through Wagtail's view, which checks collection privacy.
    Images keep their /media/ URL, which is served.
    """

    def serialize(self, instance):
        value = super().serialize(instance)
        if value and isinstance(instance, AbstractDocument):
            value["download_url"] = public_url(instance.url)
        return value
