"""Image uploads through Wagtail's admin forms: a decompression bomb or a damaged image is refused
with a French form error (never a 500), and nothing is saved; a sound image is still accepted."""

import io
import struct
import zlib

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image

from cms.editorial import EDITORS_GROUP, ensure_editorial_workflow
from tests.conftest import text_of

UNREADABLE = "Transférez une image valide. Le fichier que vous avez transféré n'est pas une image"
# Ours, when Pillow refuses to open the image (cms/images.py), and Wagtail's, below Pillow's limit.
BOMB = "Cette image a trop de pixels (plus de 50 000 000)."
TOO_MANY_PIXELS = "Ce fichier a un trop grand nombre de pixels (60000000)."


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width, height):
    """A small PNG that declares ``width`` × ``height`` pixels (a decompression bomb): a valid
    header and a few compressed bytes of image data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    data = zlib.compress(b"\0" * 4096)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", data)
        + png_chunk(b"IEND", b"")
    )


def sound_gif(frames=3):
    images = [PillowImage.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:frames])
    return out.getvalue()


def broken_gif():
    """A GIF whose header and first frame are sound and whose image data is cut short."""
    data = sound_gif()
    return data[: len(data) // 2]


def sound_png():
    out = io.BytesIO()
    PillowImage.new("RGB", (64, 48), "orange").save(out, "PNG")
    return out.getvalue()


UPLOADS = {
    # Above Pillow's own limit (2 × 89 million pixels): Pillow raises while opening it.
    "bomb.png": (bomb_png(20_000, 20_000), BOMB),
    # Above the project's limit, below Pillow's: Wagtail's own check.
    "large.png": (bomb_png(10_000, 6_000), TOO_MANY_PIXELS),
    "broken.gif": (broken_gif(), UNREADABLE),
    "header-only.gif": (b"GIF89a" + b"\x00" * 20, UNREADABLE),
    # A PNG whose image data is not zlib data.
    "garbage.png": (bomb_png(10, 10)[:33] + png_chunk(b"IDAT", b"not zlib") + b"", UNREADABLE),
}


@pytest.fixture
def editor_client(catalogue):
    ensure_editorial_workflow([catalogue])
    editor = get_user_model().objects.create_user(
        "editeur", "editeur@centre-inffo.example", "x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def test_the_pixel_limit_is_set():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 50_000_000
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS < 10_000 * 6_000
    assert 2 * PillowImage.MAX_IMAGE_PIXELS < 20_000 * 20_000


@pytest.mark.parametrize("name", UPLOADS)
def test_the_upload_page_refuses_with_a_french_error(editor_client, name):
    content, error = UPLOADS[name]
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": root_collection()},
    )
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert error in text_of(str(soup.select_one("form")))
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", UPLOADS)
def test_the_multiple_upload_refuses_with_a_french_error(editor_client, name):
    content, error = UPLOADS[name]
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert error in " ".join(answer["error_message"].split())
    assert not Image.objects.exists()


@pytest.mark.parametrize("name", UPLOADS)
def test_the_chooser_upload_refuses_with_a_french_error(editor_client, name):
    content, error = UPLOADS[name]
    response = editor_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": name,
            "image-chooser-upload-file": SimpleUploadedFile(name, content),
            "image-chooser-upload-collection": root_collection(),
        },
    )
    assert response.status_code == 200
    assert error in text_of(response.json()["htmlFragment"])
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("sound.png", sound_png()), ("animated.gif", sound_gif())]
)
def test_a_sound_image_is_accepted_and_shown(editor_client, name, content):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": root_collection()},
    )
    assert response.status_code == 302
    image = Image.objects.get(title=name)
    assert (image.width, image.height) in {(64, 48), (40, 30)}
    # Its listing, with a rendition of it, is served.
    assert editor_client.get(reverse("wagtailimages:index")).status_code == 200


def root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk
