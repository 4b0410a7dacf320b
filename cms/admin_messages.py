"""Wagtail admin strings that Wagtail's French catalogue leaves in English (or misspells).

Listed here so that ``makemessages`` keeps them in the project's catalogue, whose translations come
first (``LOCALE_PATHS``). Each one was found by the admin crawl (tests/cms/test_admin_in_french.py).
"""

from django.utils.translation import gettext_noop

WAGTAIL_MESSAGES = [
    # Page listing filters: "Has child pages", "Locale"… ("Any" in Wagtail's catalogue).
    gettext_noop("Any"),
    # The status side panel ("Status :" and "Status actuel de la page :" in Wagtail's catalogue).
    gettext_noop("Status: "),
    gettext_noop("Current page status:"),
    gettext_noop("Locking status"),
    # The screen-reader search button (templates/wagtailadmin/, where Wagtail hard-codes it).
    gettext_noop("Search"),
]
