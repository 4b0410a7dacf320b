"""What the export tells an importing instance, beyond wagtail-transfer's defaults, and how the
import fills the fields it receives.

wagtail-transfer 0.11 leaves out a page's publication dates, so an imported page had none. They are
sent here; who locked a page is not (a lock belongs to this instance's editors). Documents are
fetched from an address this project serves. On import, a file that cannot be fetched is recorded
(``unfetched_files``) instead of leaving an image or document without its file, and a reference
the field's ``limit_choices_to`` refuses here (an offer's editor responsible who is no editor
here) is left empty instead of failing the import.
"""

import logging
import pathlib
from dataclasses import dataclass
from urllib.parse import urlparse

import requests
from django.core.files.base import ContentFile
from wagtail.documents.models import AbstractDocument
from wagtail_transfer.auth import requests_auth
from wagtail_transfer.field_adapters import FileAdapter, ForeignKeyAdapter
from wagtail_transfer.files import get_file_hash
from wagtail_transfer.models import ImportedFile
from wagtail_transfer.serializers import PageSerializer

from cms.public_urls import public_url

logger = logging.getLogger(__name__)

CARRIED_FIELDS = {"first_published_at", "last_published_at", "go_live_at", "expire_at"}
FILE_TIMEOUT_SECONDS = 60


class PublishedPageSerializer(PageSerializer):
    ignored_fields = [
        *(name for name in PageSerializer.ignored_fields if name not in CARRIED_FIELDS),
        "locked_by",
        "locked_at",
    ]


@dataclass(frozen=True)
class UnfetchedFile:
    name: str
    url: str
    reason: str


def unfetched_files(context):
    """The files an import could not fetch (kept on wagtail-transfer's import context)."""
    if not hasattr(context, "unfetched_files"):
        context.unfetched_files = []
    return context.unfetched_files


def stored_files(context):
    """Names of the files an import stored, to remove if it does not go through."""
    if not hasattr(context, "stored_files"):
        context.stored_files = []
    return context.stored_files


def fetch_file(url, source):
    """The file's bytes, or the reason it could not be fetched."""
    try:
        response = requests.get(url, auth=requests_auth(source), timeout=FILE_TIMEOUT_SECONDS)
    except requests.RequestException as error:
        return None, type(error).__name__
    if response.status_code != 200:
        return None, f"HTTP {response.status_code}"
    return response.content, None


class ServedFileAdapter(FileAdapter):
    """A document's file is fetched through Wagtail's document view, as any visitor would.

    wagtail-transfer points the importer at the file's storage URL (/media/documents/…), which this
    project never serves: documents go through Wagtail's view, which checks collection privacy.
    Images keep their /media/ URL, which is served.

    On import, wagtail-transfer leaves the object without its file when the download fails, and
    says nothing; here the failure is recorded on the import context, and the import refuses to
    go through (``importing.refuse_unfetched_files``).
    """

    def serialize(self, instance):
        value = super().serialize(instance)
        if value and isinstance(instance, AbstractDocument):
            value["download_url"] = public_url(instance.url)
        return value

    def populate_field(self, instance, value, context):
        if not value:
            return None
        url = value["download_url"]
        imported_file = context.imported_files_by_source_url.get(url)
        if imported_file is None:
            if self.field.value_from_object(instance):
                try:
                    unchanged = get_file_hash(self.field, instance) == value["hash"]
                except Exception:  # noqa: BLE001  (a missing local file: fetch it again)
                    unchanged = False
                if unchanged:
                    return None
            name = pathlib.PurePosixPath(urlparse(url).path).name
            content, reason = fetch_file(url, context.source_site)
            if content is None:
                logger.warning("Import: %s could not be fetched (%s)", url, reason)
                unfetched_files(context).append(UnfetchedFile(name, url, reason))
                return None
            imported_file = ImportedFile.objects.create(
                file=ContentFile(content, name=self.field.generate_filename(instance, name)),
                source_url=url,
                hash=value["hash"],
                size=value["size"],
            )
            stored_files(context).append(imported_file.file.name)
            context.imported_files_by_source_url[url] = imported_file
        getattr(instance, self.field.get_attname()).name = imported_file.file.name
        return None


class AllowedChoiceForeignKeyAdapter(ForeignKeyAdapter):
    """A reference to an object the field does not accept here is left empty.

    An offer's editor responsible travels as a username: the account with that username here may
    not be an editor (``limit_choices_to``), and saving the page would then fail its validation.
    """

    def update_object_references(self, value, destination_ids_by_source):
        destination_id = super().update_object_references(value, destination_ids_by_source)
        limit = self.field.get_limit_choices_to()
        if destination_id is None or not limit or not self.field.null:
            return destination_id
        accepted = (
            self.field.related_model._default_manager.filter(pk=destination_id)
            .complex_filter(limit)
            .exists()
        )
        return destination_id if accepted else None
