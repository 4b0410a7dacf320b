"""Backup and restore of the whole site in one tar.gz archive.

The archive holds:

- ``manifest.json``: format version, date, database engine, row counts of the key tables;
- ``database.json``: Django's ``dumpdata`` of every model; content types and permissions are
  referred to by natural key (their ids differ between databases), every other row keeps its id,
  so the dump loads into any freshly migrated database, SQLite or PostgreSQL; what is derived or
  transient is left out and rebuilt (search index) or dropped (sessions);
- ``media/``: everything under MEDIA_ROOT (Wagtail images, renditions, documents);
- ``private/``: the private storage of forum attachments (``STORAGES["attachments"]``).

Page (treebeard) and forum (mptt) trees are restored as they were: their path/left/right columns
are plain fields, and ``loaddata`` saves raw rows without running tree logic.
"""

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FORMAT_VERSION = 1
# cms/operations/serializers.py: natural keys for content types and permissions only.
SERIALIZATION_FORMAT = "portable_json"
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media"
PRIVATE_PREFIX = "private"

# Rebuilt after a restore (search index) or never worth keeping (sessions, editing sessions);
# content types and permissions are created by migrate and referred to by natural keys.
EXCLUDED_FROM_DUMP = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "wagtailsearch",
    "wagtailadmin",
)

# (label printed, model): the tables whose row counts are compared before and after.
KEY_TABLES = (
    ("utilisateurs", "accounts.User"),
    ("pages", "wagtailcore.Page"),
    ("offres", "offers.OfferPage"),
    ("sujets", "forum_conversation.Topic"),
    ("messages", "forum_conversation.Post"),
    ("pièces jointes", "forum_attachments.Attachment"),
    ("images", "wagtailimages.Image"),
    ("documents", "wagtaildocs.Document"),
)
# A freshly migrated database holds Wagtail's root page and the site's home page (depth 1 and 2).
MIGRATION_PAGE_DEPTH = 2


class BackupError(Exception):
    pass


def key_table_counts():
    return {label: apps.get_model(model).objects.count() for label, model in KEY_TABLES}


def format_counts(counts):
    return "\n".join(f"  {label:<16} {counts.get(label, '—')}" for label, _ in KEY_TABLES)


def database_is_empty():
    """True when the database holds nothing but what migrations create."""
    Page = apps.get_model("wagtailcore.Page")
    if Page.objects.filter(depth__gt=MIGRATION_PAGE_DEPTH).exists():
        return False
    return not any(
        apps.get_model(model).objects.exists()
        for label, model in KEY_TABLES
        if model != "wagtailcore.Page"
    )


def file_roots():
    """(archive prefix, folder on disk) of every file tree the backup holds."""
    roots = [(MEDIA_PREFIX, Path(settings.MEDIA_ROOT))]
    attachments = storages["attachments"]
    if not isinstance(attachments, FileSystemStorage):
        raise BackupError(
            "Le stockage des pièces jointes n’est pas un dossier local : "
            "sauvegardez-le avec les outils de son fournisseur."
        )
    roots.append((PRIVATE_PREFIX, Path(attachments.location)))
    return roots


def archive_path(target):
    target = Path(target)
    if target.is_dir() or not target.name.endswith((".tar.gz", ".tgz")):
        target.mkdir(parents=True, exist_ok=True)
        return target / f"comcep-sauvegarde-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_site(target):
    """Write the archive; return its path and the key table counts it holds."""
    path = archive_path(target)
    counts = key_table_counts()
    manifest = {
        "format": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "counts": counts,
    }
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE_MEMBER
        call_command(
            "dumpdata",
            format=SERIALIZATION_FORMAT,
            natural_foreign=True,
            exclude=list(EXCLUDED_FROM_DUMP),
            output=str(dump),
            verbosity=0,
        )
        with tarfile.open(path, "w:gz") as archive:
            add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname=DATABASE_MEMBER)
            for prefix, root in file_roots():
                if root.is_dir():
                    archive.add(root, arcname=prefix)
    return path, counts


def read_manifest(archive):
    try:
        member = archive.extractfile(MANIFEST_MEMBER)
    except KeyError as error:
        raise BackupError(
            "Ce fichier n’est pas une sauvegarde ComCep (pas de manifest.json)."
        ) from error
    manifest = json.load(member)
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    return manifest


def dumped_models(dump_path):
    with open(dump_path, encoding="utf-8") as dump:
        labels = {row["model"] for row in json.load(dump)}
    return [apps.get_model(label) for label in labels]


def copy_tree(source, destination):
    if not source.is_dir():
        return 0
    copied = 0
    for path in source.rglob("*"):
        if path.is_file():
            target = destination / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied += 1
    return copied


def flush_database():
    """Empty every table, then let post_migrate recreate content types and permissions."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with pending deferred constraint checks (rows written earlier in
        # this transaction): run the checks now, and defer them again for loaddata afterwards.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    # flush recreated the content types under new ids: forget the cached ones.
    ContentType.objects.clear_cache()


def restore_site(archive_file, force=False):
    """Load an archive into this site; return (counts before, counts after, manifest)."""
    before = key_table_counts()
    if not force and not database_is_empty():
        raise BackupError(
            "La base de données n’est pas vide : la restauration la remplacerait. "
            "Restaurez dans une base neuve (migrate) ou relancez avec --force."
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_file, "r:gz") as archive:
        manifest = read_manifest(archive)
        # The "data" filter refuses absolute paths, ".." and links leaving the folder.
        archive.extractall(work, filter="data")
        work = Path(work)
        dump = work / DATABASE_MEMBER
        with transaction.atomic():
            # Replace everything, including what migrations created (root page, site, groups);
            # flush re-runs post_migrate, whose rows (machina's permission list) the dump holds too.
            flush_database()
            for model in dumped_models(dump):
                model._base_manager.all().delete()
            call_command("loaddata", str(dump), verbosity=0)
        for prefix, root in file_roots():
            copy_tree(work / prefix, root)
    call_command("wagtail_update_index", verbosity=0)
    return before, key_table_counts(), manifest
