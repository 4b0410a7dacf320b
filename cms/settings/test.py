"""Test runs: fast hashing, in-memory e-mail, no debug toolbar of any kind."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
WAGTAILTRANSFER_SECRET_KEY = "test-only-transfer-key"
CACHES["machina_attachments"]["LOCATION"] = os.path.join(
    tempfile.gettempdir(), "comcep-test-attachments"
)
WHITENOISE_AUTOREFRESH = True
# Uploaded files of a test run (demo thumbnails, images) never land in the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="comcep-test-media-"))
# No request to releases.wagtail.org from the admin dashboard during browser tests.
WAGTAIL_ENABLE_UPDATE_CHECK = False
