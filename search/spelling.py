"""« Vouliez-vous dire : formation ? »: a misspelt word of a query corrected from the site's own
words.

The words a correction may propose are those of the live public pages' titles and summaries,
and the terms of the synonyms list (folded), kept per version of the public content. A word of
the query is misspelt when the index finds nothing for it alone (pages or discussions, through its
synonyms) and a known word is close enough (``difflib``'s similarity ratio, at least
``CUTOFF``); on PostgreSQL with the ``pg_trgm`` extension, the closest words are ranked by
trigram similarity there instead.
"""

import difflib

from django.db import connection
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.listing import visible_pages
from cms.performance.shared import remember

from .backend import ranked_matches
from .highlight import fold
from .models import SearchSynonym
from .page_types import PAGE_TYPES, summary_fields
from .synonyms import STOPWORDS, WORD, words

Post = get_model("forum_conversation", "Post")

# How close a known word must be to replace a query's word (difflib's ratio, 0 to 1).
CUTOFF = 0.75
# Words of a query looked at (each may cost two index queries).
MAX_WORDS = 6


def vocabulary():
    """The site's own words (folded, three letters or more), from the shared cache."""
    return remember("search-vocabulary", build_vocabulary)


def build_vocabulary():
    found = set()
    texts = list(visible_pages(Page.objects.all()).values_list("title", "search_description"))
    for model_texts in _summaries():
        texts.extend(model_texts)
    texts.extend(SearchSynonym.objects.values_list("term", "equivalents"))
    for row in texts:
        for text in row:
            found.update(word for word in words(text or "") if len(word) > 2)
    return frozenset(found)


def _summaries():
    """The introductions of the live public pages of each type (``summary_fields``)."""
    for model, _label in PAGE_TYPES.values():
        names = [name for name in summary_fields(model) if name != "search_description"]
        if names:
            yield model.objects.visible().values_list(*names)


def is_known(word):
    """Whether the index finds something for ``word`` alone (pages or discussions)."""
    return bool(
        ranked_matches(word, Page.objects.live(), limit=1).ids
        or ranked_matches(word, Post.objects.all(), limit=1).ids
    )


def closest_word(word, known):
    """The known word closest to ``word``, if close enough."""
    if connection.vendor == "postgresql" and has_trigrams():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT known FROM unnest(%s::text[]) AS known "
                "WHERE similarity(known, %s) >= 0.3 "
                "ORDER BY similarity(known, %s) DESC, known LIMIT 5",
                [sorted(known), word, word],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        matches = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
    else:
        matches = difflib.get_close_matches(word, known, n=1, cutoff=CUTOFF)
    return matches[0] if matches else None


_trigrams = {}


def has_trigrams():
    """Whether PostgreSQL's ``pg_trgm`` extension is installed in this database."""
    key = connection.settings_dict.get("NAME")
    if key not in _trigrams:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trigrams[key] = cursor.fetchone() is not None
    return _trigrams[key]


def suggest_spelling(query):
    """``query`` with its misspelt words corrected ("formaton passerelle" → "formation
    passerelle"), or "" when no word needs or finds a correction."""
    known = vocabulary()
    changed = False
    checked = 0

    def correct(match):
        nonlocal changed, checked
        original = match.group(0)
        word = fold(original)
        if word in STOPWORDS or len(word) < 4 or word.isdigit() or checked >= MAX_WORDS:
            return original
        checked += 1
        if word in known or is_known(word):
            return original
        replacement = closest_word(word, known)
        if replacement is None:
            return original
        changed = True
        return replacement

    corrected = WORD.sub(correct, query)
    return " ".join(corrected.split()) if changed else ""
