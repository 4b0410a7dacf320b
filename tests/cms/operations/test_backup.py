"""backup_site and restore_site: one archive holds the database, the media and the private
attachments, and restores into an empty migrated database with its page and forum trees intact."""

import io
import json
import os
import re
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from machina.core.db.models import get_model
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)

from cms.editorial import EDITORS_GROUP
from cms.operations.backup import (
    empty_database,
    key_table_counts,
    site_file_checksums,
    table_counts,
)
from community.accounts.roles import ROLE_GROUPS
from tests.community.helpers import topic_url

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Attachment = get_model("forum_attachments", "Attachment")
ForumPermission = get_model("forum_permission", "ForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def run(*args, **options):
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def page_tree():
    return list(
        Page.objects.order_by("path").values_list("pk", "path", "depth", "numchild", "url_path")
    )


def forum_tree():
    return list(
        Forum.objects.order_by("tree_id", "lft").values_list(
            "pk", "parent_id", "tree_id", "lft", "rght", "level", "name"
        )
    )


def migrated_site_skeleton():
    """What Wagtail's migrations leave in a new database: locale, root and first page, site."""
    locale = Locale.objects.create(language_code="fr")
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    first = root.add_child(instance=Page(title="Bienvenue", slug="bienvenue", locale=locale))
    Site.objects.create(hostname="localhost", root_page=first, is_default_site=True)
    Collection.add_root(name="Root")


def archive_written(output):
    return Path(re.search(r"Sauvegarde écrite : (\S+)", output).group(1))


def mode_of(path):
    return stat.S_IMODE(path.stat().st_mode)


def empty_folder(root):
    root = Path(root)
    for child in root.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()


@pytest.fixture(autouse=True)
def forget_content_types():
    """flush gives content types new ids, which the test's rollback takes back: drop the cache."""
    yield
    ContentType.objects.clear_cache()


IMPORT = ("wagtail_transfer", "wagtailtransfer_can_import")


def import_permission():
    return Permission.objects.get(content_type__app_label=IMPORT[0], codename=IMPORT[1])


@pytest.fixture
def site_content(make_offer, make_topic, counsellor, make_member, rubric):
    # What an editor holds in production: the import permission a wagtail-transfer migration made.
    Group.objects.get_or_create(name=EDITORS_GROUP)[0].permissions.add(
        Permission.objects.get_or_create(
            content_type=ContentType.objects.get_by_natural_key(IMPORT[0], "idmapping"),
            codename=IMPORT[1],
            defaults={"name": "Can import pages and snippets from other sites"},
        )[0]
    )
    offer = make_offer("Bilan de compétences")
    topic = make_topic(counsellor)
    Post.objects.create(
        topic=topic, poster=make_member("julien", "Julien L. (Apec)"), subject="Re", content="Oui."
    )
    attachment = Attachment.objects.create(
        post=topic.first_post, file=ContentFile(PDF, name="compte-rendu.pdf")
    )
    buffer = io.BytesIO()
    PillowImage.new("RGB", (32, 16), (20, 90, 100)).save(buffer, format="PNG")
    image = get_image_model().objects.create(
        title="Carte", file=ImageFile(buffer, name="carte.png")
    )
    document = Document.objects.create(title="Guide", file=ContentFile(b"guide", name="guide.pdf"))
    return {
        "offer": offer,
        "topic": topic,
        "attachment": attachment,
        "image": image,
        "document": document,
    }


def test_backup_then_restore_into_an_empty_database_round_trips_everything(
    client, site_content, tmp_path
):
    counts = key_table_counts()
    assert counts == {
        "utilisateurs": 2,
        "pages": counts["pages"],
        "offres": 1,
        "sujets": 1,
        "messages": 2,
        "pièces jointes": 1,
        "images": 1,
        "documents": 1,
    }
    pages, forums = page_tree(), forum_tree()
    permissions = list(
        GroupForumPermission.objects.values_list(
            "group__name", "forum_id", "permission__codename", "has_perm"
        ).order_by("pk")
    )
    attachment = site_content["attachment"]
    image_file = Path(site_content["image"].file.path).read_bytes()

    output = run("backup_site", str(tmp_path / "sauvegardes"))
    archive_path = archive_written(output)
    assert archive_path.parent == tmp_path / "sauvegardes"
    assert "pièces jointes   1" in output

    # A fresh, migrated site: the data, the media and the attachments are gone; and a database
    # whose migrations did not create the import permission gets it from the archive.
    empty_database()
    import_permission().delete()
    migrated_site_skeleton()
    empty_folder(settings.MEDIA_ROOT)
    empty_folder(settings.PRIVATE_MEDIA_ROOT)
    assert key_table_counts()["utilisateurs"] == 0

    output = run("restore_site", str(archive_path))
    assert "Lignes avant la restauration :\n  utilisateurs     0" in output
    assert "Lignes après la restauration :\n  utilisateurs     2" in output
    assert "Restauration terminée et vérifiée." in output

    assert key_table_counts() == counts
    assert import_permission() in Group.objects.get(name=EDITORS_GROUP).permissions.all()
    assert page_tree() == pages
    assert forum_tree() == forums
    assert (
        list(
            GroupForumPermission.objects.values_list(
                "group__name", "forum_id", "permission__codename", "has_perm"
            ).order_by("pk")
        )
        == permissions
    )
    restored = Attachment.objects.get()
    assert restored.file.name == attachment.file.name
    assert restored.original_name == "compte-rendu.pdf"
    assert Path(restored.file.path).read_bytes() == PDF
    assert not Path(restored.file.path).is_relative_to(settings.MEDIA_ROOT)
    assert Path(get_image_model().objects.get().file.path).read_bytes() == image_file

    # The restored site works: the catalogue page, the topic, the attachment download.
    assert client.get(site_content["offer"].url).status_code == 200
    client.force_login(site_content["topic"].poster)
    assert "Comment faites-vous ?" in client.get(topic_url(site_content["topic"])).content.decode()
    download = client.get(reverse("forum_conversation:attachment", kwargs={"pk": restored.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    # The trees still accept new nodes where they should.
    site_content["offer"].get_parent().specific.add_child(
        instance=type(site_content["offer"])(
            title="Nouvelle offre", summary="Résumé.", kind="service"
        )
    )
    Forum.objects.create(
        name="Nouvelle rubrique",
        type=Forum.FORUM_POST,
        parent=Forum.objects.get(pk=site_content["topic"].forum.parent_id),
    )
    assert Page.find_problems() == ([], [], [], [], [])


def signed_in_user(client):
    request = HttpRequest()
    request.session = client.session
    return get_user(request)


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(client, site_content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    run("backup_site", str(archive))
    assert archive.is_file()

    with pytest.raises(CommandError, match="La base de données n’est pas vide"):
        call_command("restore_site", str(archive))

    # A member signed in on the replaced database: their session goes with it (from the
    # database and from the cache the sessions are read from).
    client.force_login(site_content["topic"].poster)
    assert signed_in_user(client) == site_content["topic"].poster
    output = run("restore_site", str(archive), force=True)
    assert "Lignes avant la restauration :\n  utilisateurs     2" in output
    assert key_table_counts()["sujets"] == 1
    assert signed_in_user(client).is_anonymous


def test_archive_holds_the_database_media_and_private_files_only(site_content, tmp_path):
    archive_path = tmp_path / "site.tar.gz"
    run("backup_site", str(archive_path))

    with tarfile.open(archive_path) as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile("manifest.json"))
        rows = json.load(archive.extractfile("database.json"))
    attachment = site_content["attachment"]
    assert f"private/{attachment.file.name}" in names
    assert f"media/{site_content['image'].file.name}" in names
    assert f"media/{site_content['document'].file.name}" in names
    assert not any(name.startswith("media/") and "attachments" in name for name in names)
    assert manifest["counts"]["pièces jointes"] == 1
    models = {row["model"] for row in rows}
    assert {
        "accounts.user",
        "wagtailcore.page",
        "forum.forum",
        "forum_attachments.attachment",
        "contenttypes.contenttype",
        "auth.permission",
    } <= models
    assert not models & {"sessions.session", "wagtailsearch.indexentry"}
    # Content types and permissions by natural key only: their ids differ between databases.
    permissions = [row for row in rows if row["model"] == "auth.permission"]
    assert not any("pk" in row for row in permissions)
    granted = [
        permission
        for row in rows
        if row["model"] == "auth.group"
        for permission in row["fields"]["permissions"]
    ]
    assert ["wagtailtransfer_can_import", "wagtail_transfer", "idmapping"] in granted
    # The manifest: every table's row count and every file's checksum, as in the site.
    assert manifest["tables"] == table_counts()
    assert manifest["tables"]["forum_attachments_attachment"] == 1
    assert manifest["files"] == site_file_checksums()
    assert f"private/{attachment.file.name}" in manifest["files"]


def test_archive_is_readable_by_its_owner_only_whatever_the_umask(site_content, tmp_path):
    folder = tmp_path / "sauvegardes"
    existing = tmp_path / "site.tar.gz"
    existing.write_bytes(b"ancienne sauvegarde")
    existing.chmod(0o644)
    previous = os.umask(0)
    try:
        in_folder = archive_written(run("backup_site", str(folder)))
        replaced = archive_written(run("backup_site", str(existing)))
    finally:
        os.umask(previous)

    assert mode_of(in_folder) == 0o600
    assert replaced == existing and mode_of(existing) == 0o600
    assert tarfile.is_tarfile(existing)
    # Nothing else was left behind (the archive is written under a temporary name, then renamed).
    assert [path.name for path in folder.iterdir()] == [in_folder.name]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["sauvegardes", "site.tar.gz"]


def test_verify_compares_every_table_and_file_with_the_archive(site_content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    run("backup_site", str(archive))
    output = run("restore_site", str(archive), verify=True)
    assert "Le site est identique à la sauvegarde." in output
    tables = len(table_counts())
    assert f"Tables : {tables} sur {tables} avec le même nombre de lignes" in output

    # A post deleted and an image changed since the backup: both are named.
    Post.objects.filter(content="Oui.").delete()
    image = Path(get_image_model().objects.get().file.path)
    image.write_bytes(image.read_bytes() + b"!")
    with pytest.raises(CommandError, match="Le site diffère de la sauvegarde"):
        call_command("restore_site", str(archive), verify=True, stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("restore_site", str(archive), verify=True, stdout=out)
    report = out.getvalue()
    assert "table forum_conversation_post : 2 dans la sauvegarde, 1 dans la base" in report
    assert f"fichier media/{site_content['image'].file.name} : différent" in report


def group_permissions():
    """Every permission every group holds: Django's, per page, per collection and per rubric."""
    return {
        "model": sorted(
            Group.objects.values_list(
                "name", "permissions__content_type__app_label", "permissions__codename"
            ),
            key=str,
        ),
        "pages": sorted(
            GroupPagePermission.objects.values_list(
                "group__name", "page__url_path", "permission__codename"
            )
        ),
        "collections": sorted(
            GroupCollectionPermission.objects.values_list(
                "group__name", "collection__name", "permission__codename"
            )
        ),
        "forum": sorted(
            GroupForumPermission.objects.values_list(
                "group__name", "forum__name", "permission__codename", "has_perm"
            ),
            key=str,
        ),
    }


@pytest.mark.postgres
def test_a_production_site_with_the_demo_restores_table_for_table_and_file_for_file(
    db, client, tmp_path, django_capture_on_commit_callbacks
):
    """setup_site and the demo, as ``load_demo`` builds them, into a freshly migrated database."""
    migrated = transaction.savepoint()  # the test database as ``migrate`` left it
    call_command("load_demo", "--force", stdout=io.StringIO())  # runs setup_site first
    # A site in use also holds private attachments and documents.
    post = Post.objects.filter(topic__forum__type=Forum.FORUM_POST).order_by("pk").first()
    Attachment.objects.create(post=post, file=ContentFile(PDF, name="compte-rendu.pdf"))
    Document.objects.create(title="Guide", file=ContentFile(b"guide", name="guide.pdf"))

    permissions = group_permissions()
    assert {name for name, _app, _codename in permissions["model"]} >= set(ROLE_GROUPS)
    editor = get_user_model().objects.get(username="editrice")
    assert editor.has_perm(".".join(IMPORT))
    tables, files = table_counts(), site_file_checksums()
    assert tables["auth_group_permissions"] >= 20 and tables["forum_conversation_post"] >= 100
    assert tables["forum_attachments_attachment"] == 1
    assert any(name.startswith("private/") for name in files)
    assert any(name.startswith("media/") for name in files)

    previous = os.umask(0o022)
    try:
        archive = archive_written(run("backup_site", str(tmp_path)))
    finally:
        os.umask(previous)
    assert mode_of(archive) == 0o600

    # Back to the freshly migrated database, with no media and no attachments.
    transaction.savepoint_rollback(migrated)
    ContentType.objects.clear_cache()
    cache.clear()
    empty_folder(settings.MEDIA_ROOT)
    empty_folder(settings.PRIVATE_MEDIA_ROOT)
    assert key_table_counts()["utilisateurs"] == 0 and site_file_checksums() == {}

    with django_capture_on_commit_callbacks() as after_commit:
        output = run("restore_site", str(archive))
    assert "Restauration terminée et vérifiée." in output
    # Loading the topics' themes sent m2m_changed: no notification task was queued for it.
    assert after_commit == []

    restored = table_counts()
    assert restored.keys() == tables.keys()
    assert {table: (tables[table], restored[table]) for table in tables} == {
        table: (count, count) for table, count in tables.items()
    }
    assert site_file_checksums() == files
    assert group_permissions() == permissions
    editor = get_user_model().objects.get(username="editrice")
    assert editor.has_perm(".".join(IMPORT))
    assert client.get("/").status_code == 200
