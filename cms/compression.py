"""Gzip for the portal's own text responses in production (cms/settings/production.py).

Static files are compressed once, at ``collectstatic``, by WhiteNoise (``CompressedManifest``
storage): WhiteNoise serves the ``.gz`` copy itself. This middleware compresses what Django
renders: pages, feeds, the sitemap, the API's JSON.

BREACH (guessing a secret in a compressed HTTPS page from the size of the responses): the pages
hold two secrets, the CSRF token and the session's. Django masks the CSRF token with a new random
value on every response, so it never repeats from one response to the next; and since Django 4.2
``GZipMiddleware`` adds up to 100 random bytes to every compressed response ("Heal the Breach"),
so the size an attacker measures no longer follows the guessed characters. The session identifier
is in a cookie, never in a page.
"""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/javascript",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    """Django's ``GZipMiddleware`` for text only: images, videos, PDFs and archives are already
    compressed, a partial response (206) cannot be, and static files are WhiteNoise's."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if (
            response.status_code == 206
            or not content_type.startswith(TEXT_TYPES)
            or request.path.startswith(settings.STATIC_URL)
        ):
            return response
        return super().process_response(request, response)
