"""Machina strings that its own French catalogue leaves fuzzy or untranslated.

Listing them here puts them in the project's catalogue (locale/fr/), which takes precedence.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MACHINA_STRINGS = (
    gettext_noop("Hide results?"),
    gettext_noop("Hide results"),
    gettext_noop("If enabled results are hidden to everyone except topic creator."),
    gettext_noop("Results are currently hidden."),
    ngettext_lazy("%(topic_length)s unread topic found", "%(topic_length)s unread topics found"),
)
