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
# `make run`'s server and task worker are two processes: without Redis, they share a file cache
# (an in-process cache would keep each process's version numbers apart, and a notification written
# by the worker would never show in the server's unread count).
if not REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache" / "default")),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
# The task worker logs every task it runs at INFO: `make run` shows its warnings and errors only
# (LOG_LEVEL=INFO brings the task lines back).
LOGGING["handlers"]["console"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")
# Nor the development server's "Watching for file changes" line (its request lines stay).
LOGGING.setdefault("loggers", {})["django.utils.autoreload"] = {"level": "WARNING"}
# A template or a page edited shows at once in development, unless PAGE_CACHE_SECONDS is set.
COMCEP_PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`: the development server and the task worker write to the same file. WAL lets
    # readers go on while one writes; IMMEDIATE transactions wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
