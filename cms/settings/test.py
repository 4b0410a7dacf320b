"""Test runs: fast hashing, in-memory e-mail, no debug toolbar of any kind."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inside the test, so their e-mails land in the test outbox.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
# The test client's host: links in e-mails and feeds can be followed by the client.
WAGTAILADMIN_BASE_URL = "http://testserver"
# Long enough for the transfer API to answer, but public: the comcep.E001 check knows it.
WAGTAILTRANSFER_SECRET_KEY = "test-only-transfer-key-never-used-outside-the-test-suite"
SILENCED_SYSTEM_CHECKS = ["comcep.E001"]
CACHES["machina_attachments"]["LOCATION"] = os.path.join(
    tempfile.gettempdir(), "comcep-test-attachments"
)
WHITENOISE_AUTOREFRESH = True
# Uploaded files of a test run (demo thumbnails, images) never land in the project's media/.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="comcep-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="comcep-test-private-"))
# No request to releases.wagtail.org from the admin dashboard during browser tests.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The page cache is off; its own tests turn it on (tests/cms/performance/test_page_cache.py).
COMCEP_PAGE_CACHE_SECONDS = 0
