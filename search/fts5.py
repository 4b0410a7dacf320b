"""SQLite's full-text search (FTS5): French stemming, and queries built safely from any text.

The index keeps each object's title and body stemmed (:class:`StemmedSQLiteIndex`: "formations"
and "formation" are both "format", accents folded), like PostgreSQL's "comcep_french"
configuration, and a query's words are stemmed the same way: the embedded database finds plurals
and singulars as production does. After upgrading an existing database, ``manage.py
update_index`` rewrites its index.

modelsearch writes each word of a query as an FTS5 string, ``"word"``, but escapes it the way
PostgreSQL strings are escaped (``'`` and ``\\`` doubled): a ``"`` inside a word ends the string
early and the rest of the word is read as FTS5 syntax (``a"b``, ``"; DROP``…), which SQLite
refuses with an error. Here a word is written as FTS5 wants it (each ``"`` doubled), a word
without any letter or digit (``*``, ``-``, ``^``…), which the index's tokenizer keeps nothing of,
is left out instead of matching nothing, and a query with no word left matches nothing. Queries
combining words (``And``/``Or`` of plain texts: a word or its synonyms, search/query.py) are
written with their parentheses.

Every search on SQLite goes through this compiler (``search.backend.SearchBackend``): /recherche/,
the listings' keyword filter, the read API's ``?search=``, Wagtail's admin searches and choosers.
"""

from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression
from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import And, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from .fts5_text import fts5_string, query_words
from .synonyms import stem, words


class FTS5Expression(Lexeme):
    """A whole FTS5 query expression, already written (see :func:`fts5_expression`)."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


def fts5_expression(query, stemmed=True, prefix_last=False):
    """The FTS5 expression of a plain text, a phrase, or an ``And``/``Or`` of them, else None.

    ``stemmed``: the words are those of the stemmed title and body (:func:`stemmed_text`);
    otherwise they are matched as written (the autocomplete text)."""
    if isinstance(query, PlainText):
        if stemmed:
            terms = [stem(word) for word in words(query.query_string)]
        else:
            terms = query_words(query.query_string)
        if not terms:
            return '""'
        strings = [fts5_string(term) for term in terms]
        if prefix_last:
            strings[-1] += "*"
        connector = " AND " if query.operator.upper() == "AND" else " OR "
        return "(" + connector.join(strings) + ")"
    if isinstance(query, Phrase):
        return fts5_string(stemmed_text(query.query_string) if stemmed else query.query_string)
    if isinstance(query, And | Or):
        parts = [fts5_expression(sub, stemmed) for sub in query.subqueries]
        if any(part is None for part in parts):
            return None
        connector = " AND " if isinstance(query, And) else " OR "
        return "(" + connector.join(parts) + ")" if parts else '""'
    return None


class SafeQueryMixin:
    # Whether the query matches the stemmed title and body (not the autocomplete text).
    STEMMED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # FTS5 matches the index table's own columns (title, body, autocomplete), into which
        # modelsearch gathers every field: a search limited to some fields (Wagtail's snippet
        # listings search ``name``) named a column the table does not have (an error). Such a
        # search matches the whole entry.
        self.fields = None

    def build_search_query_content(self, query, config=None):
        expression = fts5_expression(
            query,
            self.STEMMED,
            prefix_last=self.LAST_TERM_IS_PREFIX and isinstance(query, PlainText),
        )
        if expression is not None:
            return SearchQueryExpression(FTS5Expression(expression), config=config)
        return super().build_search_query_content(query, config=config)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        # bm25 ranks the whole match expression at once: modelsearch's product of
        # ``1 + bm25`` per part of an ``And`` is not monotonic (bm25 is negative).
        if isinstance(query, And | Or):
            query = PlainText("")
        return super().build_tsrank(vector, query, config=config, boost=boost)


class SafeSQLiteSearchQueryCompiler(SafeQueryMixin, SQLiteSearchQueryCompiler):
    pass


class SafeSQLiteAutocompleteQueryCompiler(SafeQueryMixin, SQLiteAutocompleteQueryCompiler):
    STEMMED = False


def stemmed_text(text):
    """``text`` as the index keeps it on SQLite: each word folded and reduced to its French stem,
    stop words left out ("Les créateurs d'entreprises" → "createur entrepris"), like PostgreSQL's
    "comcep_french" configuration does, so that plurals and singulars, accents or not, match."""
    return " ".join(stem(word) for word in words(text))


class StemmedObjectIndexer(ObjectIndexer):
    """What an object gives the index: its title and body stemmed, its autocomplete text as
    written (prefixes of what is being typed match the words themselves)."""

    @cached_property
    def title(self):
        return stemmed_text(super().title)

    @cached_property
    def body(self):
        return stemmed_text(super().body)


class StemmedSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """modelsearch's ``SQLiteIndex.add_items`` with :class:`StemmedObjectIndexer`."""
        if not model.get_search_fields():
            return
        indexers = [StemmedObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {
            indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers
        }
        entries = self.entries.filter(content_type_id=content_type_pk)
        indexed = set(entries.filter(object_id__in=data).values_list("object_id", flat=True))
        for object_id in indexed:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        self.entries.bulk_create(
            IndexEntry(
                content_type_id=content_type_pk,
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
            )
            for object_id, (title, autocomplete, body) in data.items()
            if object_id not in indexed
        )
        self._refresh_title_norms()


class SafeSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = SafeSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SafeSQLiteAutocompleteQueryCompiler
    index_class = StemmedSQLiteIndex
