"""FTS5 query text: pure functions, importable whatever the database (search/fts5.py, which
builds on modelsearch's SQLite backend, loads only with SQLite)."""

import re

# The words of an FTS5 query. What FTS5's unicode61 tokenizer indexes:
# letters and digits (``_`` and punctuation separate words).
WORD_CHARACTER = re.compile(r"[^\W_]")


def fts5_string(text):
    """``text`` as an FTS5 string: inside double quotes, only a double quote (doubled) has a
    meaning; everything else is text for the tokenizer."""
    return '"{}"'.format(text.replace('"', '""'))


def query_words(text):
    """The words of ``text`` that can match something in the index (split on white space)."""
    return [word for word in text.split() if WORD_CHARACTER.search(word)]
