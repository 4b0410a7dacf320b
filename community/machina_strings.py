"""Machina strings that its own French catalogue leaves fuzzy or untranslated.

Listing them here puts them in the project's catalogue (locale/fr/), which takes precedence.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MACHINA_STRINGS = (
    gettext_noop("Hide results?"),
    gettext_noop("Hide results"),
    gettext_noop("If enabled results are hidden to everyone except topic creator."),
    gettext_noop("Results are currently hidden."),
    # Poll help texts whose French in machina is incorrect or awkward.
    gettext_noop(
        "Enter a question to associate a poll with the topic or leave blank to not create a poll."
    ),
    gettext_noop("Maximum number of poll options per user"),
    gettext_noop("This is the number of options each user may select when voting."),
    gettext_noop("For how many days the poll should be run?"),
    gettext_noop("Enter 0 or leave blank for a never ending poll."),
    gettext_noop("Allow re-voting?"),
    gettext_noop("If enabled users are able to change their vote."),
    ngettext_lazy("%(topic_length)s unread topic found", "%(topic_length)s unread topics found"),
    # Strings machina's French gets wrong ("Voir les sujets non lu", "Forum du topic"…).
    gettext_noop("View unread topics"),
    gettext_noop("Topic forum"),
    gettext_noop("Total posts"),
    gettext_noop("Can post stickies"),
)
