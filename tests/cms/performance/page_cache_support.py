"""The page caches as production runs them, in local memory: what the cache tests share."""

from contextlib import contextmanager

from django.core.cache import caches
from django.test import override_settings


def page_cache_settings(location):
    """The anonymous and members' page caches on, in their own local-memory cache ``location``."""
    return override_settings(
        COMCEP_PAGE_CACHE_SECONDS=600,
        COMCEP_PAGE_CACHE_ALIAS="pages",
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": location,
            },
            "machina_attachments": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "comcep-test-attachments",
            },
        },
    )


@contextmanager
def page_caches_on(location):
    """``page_cache_settings(location)``, its caches empty when entered and when left."""
    with page_cache_settings(location):
        clear_caches()
        yield
        clear_caches()


def clear_caches():
    for alias in ("default", "pages"):
        caches[alias].clear()
