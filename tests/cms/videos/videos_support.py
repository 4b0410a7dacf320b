"""Fixtures and builders shared by the video tests (imported by tests/cms/videos/test_videos*.py,
tests/cms/test_api*.py and tests/e2e/test_videos_*.py)."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from cms.taxonomies.models import Audience, Theme
from cms.videos.models import Partner, PlaylistItem, PlaylistPage, VideoIndexPage, VideoPage

__all__ = [
    "audiences",
    "make_partner",
    "make_playlist",
    "make_video",
    "media_root",
    "themes",
    "video_index",
]

TRANSCRIPT = "<p>Bonjour, voici les trois temps du conseil en évolution professionnelle.</p>"


@pytest.fixture
def themes(db):
    return {
        slug: Theme.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (
            ("reconversion", "Reconversion"),
            ("financement", "Financement"),
            ("outils-du-conseiller", "Outils du conseiller"),
        )
    }


@pytest.fixture
def audiences(db):
    return {
        slug: Audience.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in (("salaries", "Salariés"), ("cadres", "Cadres"))
    }


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded thumbnails and their renditions go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def video_index(portal, media_root):
    return portal.add_child(
        instance=VideoIndexPage(title="Vidéos", slug="videos", introduction="Les capsules UODC.")
    )


def make_thumbnail(title="Vignette"):
    buffer = BytesIO()
    PillowImage.new("RGB", (640, 360), (20, 90, 100)).save(buffer, format="PNG")
    image = get_image_model()(title=title, file=ImageFile(buffer, name="vignette.png"))
    image.save()
    return image


@pytest.fixture
def make_video(video_index):
    counter = {"n": 0}

    def make(
        title=None,
        themes=(),
        audiences=(),
        minutes=4,
        source_url=None,
        live=True,
        thumbnail=None,
        parent=None,
        **extra,
    ):
        counter["n"] += 1
        number = counter["n"]
        title = title or f"Capsule numéro {number}"
        video = VideoPage(
            title=title,
            slug=f"capsule-{number}",
            source_url=source_url or f"https://www.uodc.fr/capsules/capsule-{number}",
            description=extra.pop("description", f"Description de la capsule {number}."),
            duration=timedelta(minutes=minutes),
            transcript=extra.pop("transcript", TRANSCRIPT),
            thumbnail=thumbnail,
            live=live,
            **extra,
        )
        video.themes = list(themes)
        video.audiences = list(audiences)
        (parent or video_index).add_child(instance=video)
        return video

    return make


@pytest.fixture
def make_playlist(video_index):
    def make(title, videos):
        playlist = PlaylistPage(title=title, slug=title.lower().replace(" ", "-"))
        playlist.items = [
            PlaylistItem(video=video, sort_order=order) for order, video in enumerate(videos)
        ]
        video_index.add_child(instance=playlist)
        return playlist

    return make


@pytest.fixture
def make_partner(db):
    def make(name="Intranet France Travail", origins="https://intranet.example.fr", **extra):
        partner = Partner(name=name, origins=origins, **extra)
        partner.full_clean()
        partner.save()
        return partner

    return make
