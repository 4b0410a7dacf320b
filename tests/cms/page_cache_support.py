"""The page caches as production runs them, in local memory: what the cache tests share."""

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
