"""SQLite's full-text search (FTS5) with its query built safely from any text.

modelsearch writes each word of a query as an FTS5 string, ``"word"``, but escapes it the way
PostgreSQL strings are escaped (``'`` and ``\\`` doubled): a ``"`` inside a word ends the string
early and the rest of the word is read as FTS5 syntax (``a"b``, ``"; DROP``…), which SQLite
refuses with an error. Here a word is written as FTS5 wants it (each ``"`` doubled), a word
without any letter or digit (``*``, ``-``, ``^``…), which the index's tokenizer keeps nothing of,
is left out instead of matching nothing, and a query with no word left matches nothing.

Every search on SQLite goes through this compiler (``search.backend.SearchBackend``): /recherche/,
the listings' keyword filter, the read API's ``?search=``, Wagtail's admin searches and choosers.
"""

from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteAutocompleteQueryCompiler,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import Phrase, PlainText

from .backend import fts5_string, query_words


class FTS5String(Lexeme):
    """One word or phrase of a query, as an FTS5 string (a prefix query with ``prefix``)."""

    def as_sql(self, compiler, connection):
        template = "%s*" if self.prefix and self.value else "%s"
        return template, [fts5_string(self.value)]


class SafeQueryMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # FTS5 matches the index table's own columns (title, body, autocomplete), into which
        # modelsearch gathers every field: a search limited to some fields (Wagtail's snippet
        # listings search ``name``) named a column the table does not have (an error). Such a
        # search matches the whole entry.
        self.fields = None

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            words = query_words(query.query_string)
            if not words:
                # The empty string matches no entry.
                return SearchQueryExpression(FTS5String(""))
            expression = FTS5String(words.pop(), prefix=self.LAST_TERM_IS_PREFIX)
            for word in words:
                if query.operator.upper() == "AND":
                    expression &= FTS5String(word)
                else:
                    expression |= FTS5String(word)
            return SearchQueryExpression(expression, config=config)
        if isinstance(query, Phrase):
            return SearchQueryExpression(FTS5String(query.query_string))
        return super().build_search_query_content(query, config=config)


class SafeSQLiteSearchQueryCompiler(SafeQueryMixin, SQLiteSearchQueryCompiler):
    pass


class SafeSQLiteAutocompleteQueryCompiler(SafeQueryMixin, SQLiteAutocompleteQueryCompiler):
    pass


class SafeSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = SafeSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SafeSQLiteAutocompleteQueryCompiler
