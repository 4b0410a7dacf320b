"""Local development: debug on, e-mails printed to the console, a fixed local secret."""

from cms.transfer.keys import local_transfer_key

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The transfer API exports content to whoever holds this key: a random one per checkout, never a
# constant from the repository (kept in the git-ignored .cache/).
WAGTAILTRANSFER_SECRET_KEY = WAGTAILTRANSFER_SECRET_KEY or local_transfer_key(
    BASE_DIR / ".cache" / "transfer-key"
)
# A template or a page edited shows at once in development, unless PAGE_CACHE_SECONDS is set.
COMCEP_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
