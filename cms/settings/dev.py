"""Local development: debug on, e-mails printed to the console, a fixed local secret."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WAGTAILTRANSFER_SECRET_KEY = WAGTAILTRANSFER_SECRET_KEY or "dev-only-transfer-key"
