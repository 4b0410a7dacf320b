"""Production: every secret from the environment, HTTPS, static files served by WhiteNoise."""

from django.core.exceptions import ImproperlyConfigured

from cms.transfer.keys import MIN_KEY_LENGTH, key_problem

from .base import *

DEBUG = env_bool("DEBUG", False)

_INSECURE_SECRETS = {
    "",
    "changeme",
    "change-me",
    "secret",
    "dev-only-insecure-key-do-not-use-in-production",
}
if SECRET_KEY in _INSECURE_SECRETS or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

# wagtail-transfer's API is guarded by nothing but an HMAC of this key.
if _problem := key_problem(WAGTAILTRANSFER_SECRET_KEY):
    raise ImproperlyConfigured(
        f"WAGTAILTRANSFER_SECRET_KEY {_problem}: set it to a random value of at least "
        f"{MIN_KEY_LENGTH} characters in production."
    )
for _name, _source in WAGTAILTRANSFER_SOURCES.items():
    if _problem := key_problem(_source.get("SECRET_KEY", "")):
        raise ImproperlyConfigured(
            f"The SECRET_KEY of the wagtail-transfer source {_name!r} {_problem} "
            "(WAGTAILTRANSFER_SOURCE_SECRET_KEY): use the source's own WAGTAILTRANSFER_SECRET_KEY."
        )

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Pages, feeds and JSON gzip-compressed (static files already are, by WhiteNoise). First, so that
# what the middleware below writes or caches is compressed on the way out (BREACH: see
# cms/compression.py).
MIDDLEWARE = ["cms.compression.TextGZipMiddleware", *MIDDLEWARE]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
