"""Backup and restore of the whole site in one tar.gz archive.

The archive holds:

- ``database.json``: Django's ``dumpdata`` of every table it backs up (``backed_up_models()``);
  content types and permissions are written and referred to by natural key (their ids differ
  between databases), every other row keeps its id, so the dump loads into any freshly migrated
  database, SQLite or PostgreSQL; what is derived or transient is left out and rebuilt (search
  index) or dropped (sessions, admin editing sessions);
- ``media/``: every file under MEDIA_ROOT (Wagtail images, renditions, documents);
- ``private/``: the private storage of forum attachments (``STORAGES["attachments"]``);
- ``manifest.json``: format version, date, database engine, the row count of every table backed
  up and the SHA-256 of every file, read in the same snapshot as the dump.

The archive holds password hashes and private attachments: it is written readable by its owner
only (mode 0600, from its first byte), then renamed into place once complete.

A restore empties every table but content types and permissions (what ``migrate`` created there,
including permissions that data migrations add, stays with its ids), loads the dump (missing
content types and permissions are added, the others matched by natural key), copies the files and
checks the result against the manifest: same row count in every table, same checksum for every
file. Page (treebeard) and forum (mptt) trees come back as they were: their path/left/right
columns are plain fields, and ``loaddata`` saves raw rows without running tree logic.
"""

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, router, transaction
from django.utils import timezone

FORMAT_VERSION = 2
# Version 1 archives (key table counts only, no checksums) still restore.
READABLE_FORMATS = {1, FORMAT_VERSION}
# cms/operations/serializers.py: natural keys for content types and permissions only.
SERIALIZATION_FORMAT = "portable_json"
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media"
PRIVATE_PREFIX = "private"
ARCHIVE_MODE = 0o600
HASH_CHUNK = 1024 * 1024

# Rebuilt after a restore (search index) or never worth keeping (sessions, admin editing sessions).
EXCLUDED_APPS = {"sessions", "wagtailsearch", "wagtailadmin"}
# Created by migrate, kept through a restore: rows of the archive are matched by natural key.
KEPT_MODELS = ("contenttypes.ContentType", "auth.Permission")

# (label printed, model): the tables whose row counts the commands print.
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


@dataclass
class Verification:
    """How the site compares with an archive's manifest."""

    tables: dict  # {table: (in the archive, in the database)}
    files: dict  # {archive name: checksum or None}, as found on disk
    table_differences: dict = field(default_factory=dict)
    file_differences: dict = field(default_factory=dict)  # {name: "absent" or "différent"}

    @property
    def ok(self):
        return not self.table_differences and not self.file_differences

    def summary(self):
        rows = sum(archived for archived, _found in self.tables.values())
        lines = [
            f"Tables : {len(self.tables) - len(self.table_differences)} sur {len(self.tables)} "
            f"avec le même nombre de lignes que la sauvegarde ({rows} lignes sauvegardées).",
            f"Fichiers : {len(self.files) - len(self.file_differences)} sur {len(self.files)} "
            "identiques à la sauvegarde (SHA-256).",
        ]
        for table, (archived, found) in sorted(self.table_differences.items()):
            lines.append(f"  table {table} : {archived} dans la sauvegarde, {found} dans la base")
        for name, problem in sorted(self.file_differences.items()):
            lines.append(f"  fichier {name} : {problem}")
        return "\n".join(lines)


def backed_up_models():
    """Every model whose table the archive holds (as ``dumpdata`` would pick them)."""
    return [
        model
        for app_config in apps.get_app_configs()
        if app_config.label not in EXCLUDED_APPS
        for model in app_config.get_models()
        if not model._meta.proxy and router.allow_migrate_model(DEFAULT_DB_ALIAS, model)
    ]


def backed_up_tables():
    """The tables of ``backed_up_models()`` and of their many-to-many relations."""
    tables = set()
    for model in backed_up_models():
        tables.add(model._meta.db_table)
        for relation in model._meta.local_many_to_many:
            through = relation.remote_field.through
            if through._meta.auto_created:
                tables.add(through._meta.db_table)
    return sorted(tables)


def table_counts():
    """{table: row count} of every table the archive holds."""
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in backed_up_tables():
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (table names)
            counts[table] = cursor.fetchone()[0]
    return counts


def key_table_counts():
    return {label: apps.get_model(model).objects.count() for label, model in KEY_TABLES}


def format_counts(counts):
    return "\n".join(f"  {label:<16} {counts.get(label, '—')}" for label, _ in KEY_TABLES)


def format_table_counts(counts):
    return "\n".join(f"  {table:<48} {count}" for table, count in sorted(counts.items()))


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
    if not isinstance(storages["default"], FileSystemStorage):
        raise BackupError(
            "Les médias ne sont pas dans un dossier local (stockage objet) : "
            "sauvegardez-les avec les outils de leur fournisseur."
        )
    attachments = storages["attachments"]
    if not isinstance(attachments, FileSystemStorage):
        raise BackupError(
            "Le stockage des pièces jointes n’est pas un dossier local : "
            "sauvegardez-le avec les outils de son fournisseur."
        )
    return [
        (MEDIA_PREFIX, Path(settings.MEDIA_ROOT)),
        (PRIVATE_PREFIX, Path(attachments.location)),
    ]


def files_under(root):
    """The regular files under ``root`` (relative paths, sorted)."""
    if not root.is_dir():
        return []
    files = (path for path in root.rglob("*") if path.is_file() and not path.is_symlink())
    return sorted(path.relative_to(root) for path in files)


def file_checksum(path):
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def site_file_checksums():
    """{archive name: SHA-256} of every file the backup would hold."""
    return {
        f"{prefix}/{relative.as_posix()}": file_checksum(root / relative)
        for prefix, root in file_roots()
        for relative in files_under(root)
    }


def archive_path(target):
    target = Path(target)
    if target.is_dir() or not target.name.endswith((".tar.gz", ".tgz")):
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        return target / f"comcep-sauvegarde-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    return target


class _HashingReader:
    """Reads a file into the archive and hashes exactly the bytes written."""

    def __init__(self, file):
        self.file = file
        self.hash = hashlib.sha256()

    def read(self, size=-1):
        data = self.file.read(size)
        self.hash.update(data)
        return data


def add_file(archive, path, name):
    """Add one file; return the SHA-256 of what was written."""
    info = archive.gettarinfo(path, arcname=name)
    with open(path, "rb") as file:
        reader = _HashingReader(file)
        archive.addfile(info, reader)
    return reader.hash.hexdigest()


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = ARCHIVE_MODE
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def dump_database(dump):
    """Write the dump; return (table counts, key counts), read in the dump's snapshot."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # The site may be writing meanwhile: the dump and the counts see one snapshot.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            *[model._meta.label for model in backed_up_models()],
            format=SERIALIZATION_FORMAT,
            natural_foreign=True,
            use_base_manager=True,
            output=str(dump),
            verbosity=0,
        )
        return table_counts(), key_table_counts()


def write_private_archive(path, fill):
    """Write the archive through ``fill(tarfile)``: mode 0600 from its creation, renamed once
    complete (no partial archive under the final name)."""
    descriptor, partial = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partiel"
    )
    try:
        os.fchmod(descriptor, ARCHIVE_MODE)  # mkstemp's mode already; whatever the umask
        with os.fdopen(descriptor, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as archive:
                result = fill(archive)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return result


def backup_site(target):
    """Write the archive; return (its path, its manifest)."""
    path = archive_path(target)
    roots = file_roots()
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE_MEMBER
        tables, counts = dump_database(dump)

        def fill(archive):
            archive.add(dump, arcname=DATABASE_MEMBER)
            files = {}
            for prefix, root in roots:
                for relative in files_under(root):
                    name = f"{prefix}/{relative.as_posix()}"
                    try:
                        files[name] = add_file(archive, root / relative, name)
                    except FileNotFoundError:
                        continue  # deleted by the running site since the folder was listed
            manifest = {
                "format": FORMAT_VERSION,
                "created": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "counts": counts,
                "tables": tables,
                "files": files,
            }
            add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest, indent=2).encode())
            return manifest

        manifest = write_private_archive(path, fill)
    return path, manifest


def read_manifest(archive):
    try:
        member = archive.extractfile(MANIFEST_MEMBER)
    except KeyError as error:
        raise BackupError(
            "Ce fichier n’est pas une sauvegarde ComCep (pas de manifest.json)."
        ) from error
    manifest = json.load(member)
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')!r}.")
    return manifest


def open_archive(archive_file):
    try:
        return tarfile.open(archive_file, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Impossible de lire l’archive {archive_file} : {error}") from error


def archive_manifest(archive_file):
    with open_archive(archive_file) as archive:
        return read_manifest(archive)


def verify_site(manifest):
    """Compare this site's tables and files with an archive's manifest."""
    archived_tables = manifest.get("tables", {})
    found_tables = table_counts()
    tables = {
        table: (archived, found_tables.get(table)) for table, archived in archived_tables.items()
    }
    roots = dict(file_roots())
    files = {}
    for name in manifest.get("files", {}):
        prefix, _slash, relative = name.partition("/")
        path = roots[prefix] / relative if prefix in roots else None
        files[name] = file_checksum(path) if path and path.is_file() else None
    verification = Verification(tables=tables, files=files)
    verification.table_differences = {
        table: counts for table, counts in tables.items() if counts[0] != counts[1]
    }
    for name, checksum in files.items():
        if checksum is None:
            verification.file_differences[name] = "absent"
        elif checksum != manifest["files"][name]:
            verification.file_differences[name] = "différent"
    return verification


def copy_tree(source, destination):
    copied = 0
    for relative in files_under(source):
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, target)
        copied += 1
    return copied


def kept_tables():
    return {apps.get_model(label)._meta.db_table for label in KEPT_MODELS}


def empty_database():
    """Empty every table but content types and permissions, which ``migrate`` filled.

    Sessions go too: a session of the replaced database would sign its holder in as whichever
    restored user got that id. Sequences restart; ``loaddata`` moves them past the loaded ids.
    """
    tables = set(connection.introspection.django_table_names(only_existing=True))
    tables -= kept_tables()
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with pending deferred constraint checks (rows written earlier in
        # this transaction): run the checks now, and defer them again for loaddata afterwards.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    statements = connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True)
    connection.ops.execute_sql_flush(statements)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def empty_caches():
    """Forget everything cached from the replaced database: pages, rights, versions, and the
    sessions read from the cache (a session of the old database could sign its holder in as
    whichever restored member got that id)."""
    for alias in settings.CACHES:
        caches[alias].clear()


def restore_site(archive_file, force=False):
    """Load an archive into this site; return (key counts before, after, manifest, verification)."""
    before = key_table_counts()
    if not force and not database_is_empty():
        raise BackupError(
            "La base de données n’est pas vide : la restauration la remplacerait. "
            "Restaurez dans une base neuve (migrate) ou relancez avec --force."
        )
    roots = file_roots()
    with tempfile.TemporaryDirectory() as work, open_archive(archive_file) as archive:
        manifest = read_manifest(archive)
        # The "data" filter refuses absolute paths, ".." and links leaving the folder.
        archive.extractall(work, filter="data")
        work = Path(work)
        with transaction.atomic():
            queued = len(connection.run_on_commit)
            empty_database()
            call_command("loaddata", str(work / DATABASE_MEMBER), verbosity=0)
            # Loading rows is not an event: what the site's events asked for is in the archive
            # (done, or its task still waiting). Drop the work loaddata's m2m_changed signals
            # queued for after the commit (a notification task per topic's themes, cache
            # versions); the caches are emptied below.
            del connection.run_on_commit[queued:]
        ContentType.objects.clear_cache()
        for prefix, root in roots:
            copy_tree(work / prefix, root)
    call_command("wagtail_update_index", verbosity=0)
    empty_caches()
    return before, key_table_counts(), manifest, verify_site(manifest)
