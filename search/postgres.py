"""PostgreSQL's full-text search with a query for any text.

modelsearch quotes each word as tsquery wants it (``'`` doubled), so no text is read as tsquery
syntax; but it builds no query at all from text without a word (``-``, dashes and spaces), which a
search limited to some fields (Wagtail's snippet listings) turned into an error. Such text
matches nothing.
"""

import re

from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.query import MATCH_NONE, PlainText

# How modelsearch's PostgreSQL compiler splits a text into words.
WORD_SEPARATORS = re.compile(r"[\s\-]+")


class WordlessQueryMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.query, PlainText) and not any(
            WORD_SEPARATORS.split(self.query.query_string)
        ):
            self.query = MATCH_NONE


class SafePostgresSearchQueryCompiler(WordlessQueryMixin, PostgresSearchQueryCompiler):
    pass


class SafePostgresAutocompleteQueryCompiler(WordlessQueryMixin, PostgresAutocompleteQueryCompiler):
    pass


class SafePostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = SafePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = SafePostgresAutocompleteQueryCompiler
