"""backup_site and restore_site: one archive holds the database, the media and the private
attachments, and restores into an empty migrated database with its page and forum trees intact."""

import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from machina.core.db.models import get_model
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from cms.operations.backup import flush_database, key_table_counts
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


def empty_folder(root):
    root = Path(root)
    for child in root.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()


@pytest.fixture(autouse=True)
def forget_content_types():
    """flush gives content types new ids, which the test's rollback takes back: drop the cache."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def site_content(make_offer, make_topic, counsellor, make_member, rubric):
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
    archive_path = Path(re.search(r"Sauvegarde écrite : (\S+)", output).group(1))
    assert archive_path.parent == tmp_path / "sauvegardes"
    assert "pièces jointes   1" in output

    # A fresh, migrated site: the data, the media and the attachments are gone.
    flush_database()
    migrated_site_skeleton()
    empty_folder(settings.MEDIA_ROOT)
    empty_folder(settings.PRIVATE_MEDIA_ROOT)
    assert key_table_counts()["utilisateurs"] == 0

    output = run("restore_site", str(archive_path))
    assert "Lignes avant la restauration :\n  utilisateurs     0" in output
    assert "Lignes après la restauration :\n  utilisateurs     2" in output
    assert "Restauration terminée." in output

    assert key_table_counts() == counts
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


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(site_content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    run("backup_site", str(archive))
    assert archive.is_file()

    with pytest.raises(CommandError, match="La base de données n’est pas vide"):
        call_command("restore_site", str(archive))

    output = run("restore_site", str(archive), force=True)
    assert "Lignes avant la restauration :\n  utilisateurs     2" in output
    assert key_table_counts()["sujets"] == 1


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
    } <= models
    assert not models & {"sessions.session", "contenttypes.contenttype", "auth.permission"}
