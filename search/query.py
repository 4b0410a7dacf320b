"""What a search asks the index: each word of the query or one of its synonyms.

``search_query("CPF salarié")`` is, for modelsearch, ``("cpf" OR "compte personnel formation" OR …)
AND ("salarie" OR "salariee" OR "salariat")``; the database's configuration (or search/fts5.py on
SQLite) then stems each word. ``partial_query`` accepts any of the words (the fallback when all of
them together find nothing).
"""

from modelsearch.query import MATCH_NONE, And, Or, PlainText

from .synonyms import expand_query


def word_query(variants):
    """One word of the query: any of its ``variants`` (a variant of several words: all of them)."""
    options = [PlainText(variant, operator="and") for variant in sorted(variants)]
    return options[0] if len(options) == 1 else Or(options)


def search_query(text):
    """The modelsearch query for ``text``: every word, each through its synonyms."""
    expanded = expand_query(text)
    if not expanded:
        return MATCH_NONE
    parts = [word_query(variants) for variants in expanded]
    return parts[0] if len(parts) == 1 else And(parts)


def partial_query(text):
    """The modelsearch query accepting any word of ``text`` (or its synonyms)."""
    expanded = expand_query(text)
    if not expanded:
        return MATCH_NONE
    parts = [word_query(variants) for variants in expanded]
    return parts[0] if len(parts) == 1 else Or(parts)


def word_count(text):
    """How many words of ``text`` a search looks for."""
    return len(expand_query(text))
