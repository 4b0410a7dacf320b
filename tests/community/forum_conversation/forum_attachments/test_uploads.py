"""Forum attachments: what a member may upload, where it is stored, how it is served.

Each refused file reproduces an upload the security test stored as is (an HTML page with a script,
a scripted SVG, a double extension, PHP disguised as an image, a file over the size cap).
"""

import base64
import importlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from machina.core.db.models import get_model
from wagtail.documents.models import Document

from community.forum_conversation.forum_attachments import files as attachment_files
from tests.community.helpers import reply_url, topic_create_url, topic_url
from tests.conftest import form_fields, text_of

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
Attachment = get_model("forum_attachments", "Attachment")

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
BODY = "Voici le compte rendu de la réunion du 12 mars, avec les chiffres du trimestre."
GENERATED_NAME = re.compile(r"^attachments/\d{4}/\d{2}/[0-9a-f]{32}\.(?P<extension>[a-z]+)$")


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(zipfile.ZipInfo(name), content)
    return buffer.getvalue()


def stored_files(root):
    return sorted(path for path in Path(root).rglob("*") if path.is_file())


def post_topic(client, forum, upload, content=BODY, subject="Compte rendu de la réunion"):
    url = topic_create_url(forum)
    data = form_fields(client.get(url).content.decode(), "form[enctype]")
    data.update(subject=subject, content=content)
    if upload is not None:
        data["attachment-0-file"] = upload
    return client.post(url, data)


@pytest.fixture
def member(client, counsellor):
    client.force_login(counsellor)
    return counsellor


@pytest.fixture
def small_cap(settings):
    settings.COMCEP_ATTACHMENT_MAX_BYTES = 1000
    return 1000


REFUSED = {
    "html-with-script": (
        "evil.html",
        b"<!doctype html><script>fetch('/comptes/profil/')</script>",
        "Les fichiers de ce type ne sont pas acceptés",
    ),
    "scripted-svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
        "Les fichiers de ce type ne sont pas acceptés",
    ),
    "double-extension": (
        "report.pdf.html",
        b"<html><body onload=alert(1)>rapport</body></html>",
        "Les fichiers de ce type ne sont pas acceptés",
    ),
    "php-as-image": (
        "photo.jpg.php",
        b"<?php system($_GET['c']); ?>",
        "Les fichiers de ce type ne sont pas acceptés",
    ),
    "php-named-jpg": (
        "photo.jpg",
        b"<?php system($_GET['c']); ?>",
        "Le contenu de ce fichier ne correspond pas à son extension (.jpg)",
    ),
    "png-named-pdf": (
        "rapport.pdf",
        PNG,
        "Le contenu de ce fichier ne correspond pas à son extension (.pdf)",
    ),
    "html-named-txt": (
        "notes.txt",
        b"<html><script>alert(1)</script></html>",
        "Le contenu de ce fichier ne correspond pas à son extension (.txt)",
    ),
    "binary-named-csv": (
        "export.csv",
        b"nom;valeur\x00\x01\x02",
        "Le contenu de ce fichier ne correspond pas à son extension (.csv)",
    ),
    "one-byte-over-the-cap": (
        "gros-rapport.pdf",
        PDF + b"%" * (1000 + 1 - len(PDF)),
        "Ce fichier est trop volumineux (1001 octets) ; la limite est de 1000 octets.",
    ),
}


@pytest.mark.parametrize(("name", "content", "error"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_upload_shows_a_french_error_and_keeps_the_post(
    client, rubric, member, small_cap, name, content, error
):
    files_before = stored_files(settings.PRIVATE_MEDIA_ROOT), stored_files(settings.MEDIA_ROOT)
    response = post_topic(client, rubric, SimpleUploadedFile(name, content, "text/html"))

    assert response.status_code == 200
    page = response.content.decode()
    text = text_of(page)
    assert error in text
    assert "Il y a des erreurs dans les pièces jointes soumises." in text
    # What the member typed is still in the form.
    assert form_fields(page, "form[enctype]")["content"].strip() == BODY
    assert not Topic.objects.exists()
    assert not Attachment.objects.exists()
    # Nothing was written, in the private folder or the public one.
    assert (stored_files(settings.PRIVATE_MEDIA_ROOT), stored_files(settings.MEDIA_ROOT)) == (
        files_before
    )

    # Sending the form again without the file publishes the post, without the refused file.
    assert post_topic(client, rubric, None).status_code == 302
    assert Topic.objects.count() == 1
    assert not Attachment.objects.exists()


def test_size_cap_defaults_to_ten_mebibytes_and_a_file_at_the_cap_is_accepted(
    client, rubric, member, small_cap
):
    assert attachment_files.DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    with override_settings():
        del settings.COMCEP_ATTACHMENT_MAX_BYTES
        assert attachment_files.max_bytes() == 10 * 1024 * 1024

    at_cap = PDF + b"%" * (small_cap - len(PDF))
    response = post_topic(client, rubric, SimpleUploadedFile("juste.pdf", at_cap))
    assert response.status_code == 302, text_of(response.content.decode())
    assert Attachment.objects.get().file.size == small_cap


def test_pdf_and_png_are_stored_under_generated_names_outside_media_root(
    client, rubric, member, make_member
):
    public_files_before = stored_files(settings.MEDIA_ROOT)
    response = post_topic(client, rubric, SimpleUploadedFile("Compte rendu.PDF", PDF))
    assert response.status_code == 302, text_of(response.content.decode())
    topic = Topic.objects.get()
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Et la photo du tableau."
    data["attachment-0-file"] = SimpleUploadedFile("tableau.png", PNG)
    assert client.post(reply_url(topic), data).status_code == 302

    pdf, png = Attachment.objects.order_by("pk")
    for attachment, extension, content in ((pdf, "pdf", PDF), (png, "png", PNG)):
        assert GENERATED_NAME.match(attachment.file.name).group("extension") == extension
        path = Path(attachment.file.path)
        assert path.is_relative_to(settings.PRIVATE_MEDIA_ROOT)
        assert not path.is_relative_to(settings.MEDIA_ROOT)
        assert path.read_bytes() == content
    assert (pdf.original_name, png.original_name) == ("Compte rendu.pdf", "tableau.png")
    assert stored_files(settings.MEDIA_ROOT) == public_files_before

    # Readers see the original name, linked to the permission-checked view.
    page = client.get(topic_url(topic)).content.decode()
    download_url = reverse("forum_conversation:attachment", kwargs={"pk": pdf.pk})
    assert f'href="{download_url}"' in page
    assert "Compte rendu.pdf" in text_of(page)

    client.force_login(make_member("julien", "Julien L. (Apec)"))
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Compte rendu.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


OTHER_ALLOWED = {
    "jpeg": ("photo.JPEG", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, "jpg"),
    "gif": ("anim.gif", b"GIF89a" + b"\x00" * 32, "gif"),
    "docx": (
        "note.docx",
        zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")]),
        "docx",
    ),
    "xlsx": (
        "budget.xlsx",
        zipped([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<w/>")]),
        "xlsx",
    ),
    "odt": (
        "note.odt",
        zipped([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")]),
        "odt",
    ),
    "csv": ("export.csv", "nom;région\nSophie;Bretagne\n".encode(), "csv"),
    "txt": ("notes.txt", "Réunion : tout va bien.\n".encode(), "txt"),
}


@pytest.mark.parametrize(
    ("name", "content", "extension"), OTHER_ALLOWED.values(), ids=OTHER_ALLOWED
)
def test_other_allowed_types_are_accepted_with_a_normalised_extension(
    client, rubric, member, name, content, extension
):
    response = post_topic(client, rubric, SimpleUploadedFile(name, content))
    assert response.status_code == 302, text_of(response.content.decode())
    attachment = Attachment.objects.get()
    assert GENERATED_NAME.match(attachment.file.name).group("extension") == extension
    assert attachment.original_name.endswith(f".{extension}")


def attach(post, name, content):
    return Attachment.objects.create(post=post, file=ContentFile(content, name=name))


def test_private_rubric_attachment_is_refused_to_anonymous_visitors_and_non_members(
    client, pilot_rubric, pilot_counsellor, make_member, make_topic
):
    topic = make_topic(pilot_counsellor, forum=pilot_rubric)
    attachment = attach(topic.first_post, "pilot-secret.txt", b"Budget confidentiel du pilote")
    url = reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk})

    for visitor in (None, make_member("julien", "Julien L. (Apec)")):
        if visitor:
            client.force_login(visitor)
        response = client.get(url)
        assert response.status_code in {302, 403, 404}
        assert not response.streaming
        assert b"confidentiel" not in response.content

    client.force_login(pilot_counsellor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pilot-secret.txt"'


def debug_urlconf():
    with override_settings(DEBUG=True):
        clear_url_caches()
        import cms.urls

        return importlib.reload(cms.urls)


@pytest.fixture
def debug_urls():
    urls = debug_urlconf()
    with override_settings(ROOT_URLCONF=urls.__name__, DEBUG=True):
        yield urls
    clear_url_caches()
    importlib.reload(urls)


def test_media_url_never_serves_an_attachment_nor_a_document(
    client, debug_urls, counsellor, make_topic
):
    topic = make_topic(counsellor)
    attachment = attach(topic.first_post, "pilot-secret.txt", b"Budget confidentiel")
    document = Document.objects.create(title="Note", file=ContentFile(b"note", name="note.pdf"))
    image_path = Path(settings.MEDIA_ROOT) / "images" / "carte.png"
    image_path.parent.mkdir(parents=True, exist_ok=True)
    image_path.write_bytes(PNG)

    assert not Path(attachment.file.path).is_relative_to(settings.MEDIA_ROOT)
    # Public images are served under /media/ in development...
    assert client.get(f"{settings.MEDIA_URL}images/carte.png").status_code == 200
    # ...never an attachment (under its stored name or its original one) nor a document file.
    for path in (attachment.file.name, "machina/attachments/pilot-secret.txt", document.file.name):
        assert client.get(f"{settings.MEDIA_URL}{path}").status_code == 404


def test_wagtail_documents_go_through_wagtail_view_and_markup_is_downloaded(client, portal):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert not {"html", "htm", "svg", "xml"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    # Even a markup file put there by other means is a download, never rendered inline.
    document = Document.objects.create(
        title="Page", file=ContentFile(b"<script>alert(1)</script>", name="page.html")
    )
    assert document.url.startswith("/documents/")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_image_with_trailing_php_is_only_ever_a_png_download(client, rubric, member):
    """A PNG followed by PHP is still an image: stored as .png, served as a PNG download."""
    content = PNG + b"<?php echo 1; ?>"
    response = post_topic(client, rubric, SimpleUploadedFile("photo.png", content))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.endswith(".png")
    download = client.get(reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk}))
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment")


def test_file_kept_across_a_preview_is_checked_again_and_stored_privately(client, rubric, member):
    url = topic_create_url(rubric)
    data = form_fields(client.get(url).content.decode(), "form[enctype]")
    data.update(subject="Avec aperçu", content=BODY, preview="1")
    data["attachment-0-file"] = SimpleUploadedFile("ordre-du-jour.pdf", PDF)
    preview = client.post(url, data)
    assert preview.status_code == 200
    assert not Attachment.objects.exists()

    # The final submit sends no file: machina takes it back from its cache.
    del data["preview"], data["attachment-0-file"]
    assert client.post(url, data).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "ordre-du-jour.pdf"
    assert Path(attachment.file.path).read_bytes() == PDF
    assert GENERATED_NAME.match(attachment.file.name)


def test_django_admin_links_attachments_through_the_download_view(
    client, admin_user, counsellor, make_topic
):
    attachment = attach(make_topic(counsellor).first_post, "bilan.pdf", PDF)
    client.force_login(admin_user)
    download_url = reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk})

    listing = client.get(reverse("admin:forum_attachments_attachment_changelist"))
    assert listing.status_code == 200
    assert "bilan.pdf" in text_of(listing.content.decode())
    change = client.get(
        reverse("admin:forum_attachments_attachment_change", args=[attachment.pk])
    ).content.decode()
    assert f'href="{download_url}"' in change
    assert attachment.file.name not in change
