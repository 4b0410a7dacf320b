"""What an attachment may be: an allow-list of types checked on the content, a size cap, and
the generated names files are stored under.

A file is accepted when its extension is on the allow-list *and* its content is of that type
(detected by ``filetype`` from the first bytes; plain text and CSV must be UTF-8 without NUL
bytes and must not look like markup). HTML, SVG and anything executable are never accepted: the
allow-list does not know them.
"""

import uuid
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Bytes read to detect a type: enough for filetype's zip-based (OOXML) signatures.
HEADER_BYTES = 8192
# A text file starting with one of these is markup a browser could run, whatever its extension.
MARKUP_PREFIXES = (b"<!doctype", b"<html", b"<svg", b"<script", b"<?xml", b"<?php", b"<body")


@dataclass(frozen=True)
class AllowedType:
    extension: str
    content_type: str
    # What filetype detects for this type; None for plain text (checked as UTF-8).
    detected_mime: str | None


ALLOWED_TYPES = {
    item.extension: item
    for item in (
        AllowedType("pdf", "application/pdf", "application/pdf"),
        AllowedType("png", "image/png", "image/png"),
        AllowedType("jpg", "image/jpeg", "image/jpeg"),
        AllowedType("gif", "image/gif", "image/gif"),
        AllowedType("webp", "image/webp", "image/webp"),
        AllowedType(
            "odt",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.oasis.opendocument.text",
        ),
        AllowedType(
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        AllowedType(
            "odp",
            "application/vnd.oasis.opendocument.presentation",
            "application/vnd.oasis.opendocument.presentation",
        ),
        AllowedType(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        AllowedType(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        AllowedType(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        AllowedType("txt", "text/plain; charset=utf-8", None),
        AllowedType("csv", "text/csv; charset=utf-8", None),
    )
}
EXTENSION_ALIASES = {"jpeg": "jpg"}


def max_bytes():
    return int(getattr(settings, "COMCEP_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def normalised_extension(name):
    """The lower-case extension of a file name, aliases folded (``JPEG`` → ``jpg``)."""
    extension = PurePath(name or "").suffix.lower().lstrip(".")
    return EXTENSION_ALIASES.get(extension, extension)


def allowed_extensions_display():
    return ", ".join(sorted(ALLOWED_TYPES))


def _read_all(upload):
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _read_header(upload):
    upload.seek(0)
    header = upload.read(HEADER_BYTES)
    upload.seek(0)
    return header


def _is_plain_text(data):
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not start.startswith(MARKUP_PREFIXES)


def check_upload(upload):
    """Return the :class:`AllowedType` of an uploaded file, or raise a French ValidationError."""
    limit = max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    allowed = ALLOWED_TYPES.get(normalised_extension(upload.name))
    if allowed is None:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted types: %(extensions)s."),
            code="type_not_allowed",
            params={"extensions": allowed_extensions_display()},
        )
    if allowed.detected_mime is None:
        # Text: the upload is under the cap, reading it whole is bounded.
        matches = filetype.guess(_read_header(upload)) is None and _is_plain_text(_read_all(upload))
    else:
        detected = filetype.guess(_read_header(upload))
        matches = detected is not None and detected.mime == allowed.detected_mime
    if not matches:
        raise ValidationError(
            _("The content of this file does not match its extension (.%(extension)s)."),
            code="content_mismatch",
            params={"extension": allowed.extension},
        )
    return allowed


def display_name(name, allowed_extension=None):
    """A file name fit for display and for a download: no folders, the safe extension last."""
    base = PurePath((name or "").replace("\\", "/")).name
    stem = PurePath(base).stem.strip().strip(".")[:150] or "fichier"
    extension = allowed_extension or normalised_extension(base)
    if extension not in ALLOWED_TYPES:
        extension = "bin"
    return f"{stem}.{extension}"


def attachment_upload_to(instance, filename):
    """Attachments are stored under a random name; the original name is kept on the model."""
    extension = normalised_extension(filename)
    if extension not in ALLOWED_TYPES:
        extension = "bin"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
