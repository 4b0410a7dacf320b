"""Production answers gzip-compressed pages, feeds and JSON (cms/compression.py), with Django's
BREACH mitigation, and leaves already-compressed content alone."""

import gzip
import json
import os
import subprocess
import sys

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cms.compression import TextGZipMiddleware
from tests.conftest import text_of

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(scope="module")
def production_middleware():
    """``MIDDLEWARE`` as cms.settings.production builds it (read in a process of its own: the
    production module refuses to load without real secrets and changes the settings it imports)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "k" * 20 + "9f8e7d6c5b4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c",
        "WAGTAILTRANSFER_SECRET_KEY": "t" * 20 + "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
        "WAGTAILTRANSFER_SOURCE_URL": "",
    }
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import json; from django.conf import settings; print(json.dumps(settings.MIDDLEWARE))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def production_responses(settings, production_middleware):
    settings.MIDDLEWARE = production_middleware


def test_production_compresses_pages_first_in_the_chain(production_middleware):
    assert production_middleware[0] == "cms.compression.TextGZipMiddleware"


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip(client, portal, production_responses):
    plain = client.get("/")
    compressed = client.get("/", **GZIP)

    assert plain.status_code == compressed.status_code == 200
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    html = gzip.decompress(compressed.content).decode()
    assert text_of(html) == text_of(plain.content.decode())
    assert len(compressed.content) < len(plain.content) / 2
    # BREACH: Django names the compressed member with random bytes of random length (FNAME flag).
    assert compressed.content[3] & 0x08


def test_a_form_page_with_a_csrf_token_is_compressed_differently_each_time(
    client, portal, production_responses
):
    responses = [client.get("/comptes/connexion/", **GZIP) for _ in range(4)]
    assert all(response["Content-Encoding"] == "gzip" for response in responses)
    assert all(b"csrfmiddlewaretoken" in gzip.decompress(r.content) for r in responses)
    # The token masked anew and the random bytes: the size varies from one response to another.
    assert len({len(response.content) for response in responses}) > 1


def test_the_sitemap_the_feed_and_the_api_are_compressed(client, make_news, production_responses):
    make_news("Le CEP a dix ans", days_ago=1)
    make_news("Nouveau référentiel")
    for path in ("/sitemap.xml", "/actualites/rss/", "/api/v2/news/"):
        response = client.get(path, **GZIP)
        assert response.status_code == 200, path
        assert response["Content-Encoding"] == "gzip", path
        assert b"Nouveau r" in gzip.decompress(response.content) or path == "/sitemap.xml"


@pytest.mark.parametrize("content_type", ["image/jpeg", "application/pdf", "video/mp4"])
def test_already_compressed_content_is_left_alone(content_type):
    request = RequestFactory().get("/documents/1/rapport", **GZIP)
    response = HttpResponse(b"x" * 5000, content_type=content_type)

    assert "Content-Encoding" not in TextGZipMiddleware(lambda r: response)(request)
