"""The search backend, and the one call into the search index, shared by /recherche/ and the
section listings.

It imports no page model (only the search's query building and the shared cache), so that cms/
may use it without a cycle.
"""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, router
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL
from modelsearch import index
from modelsearch.query import And, Or, PlainText
from modelsearch.utils import get_descendants_content_types_pks
from wagtail.search.backends import get_search_backend

from .query import search_query

# Matches taken from the index per query: enough for any listing, bounded at any scale.
MATCH_LIMIT = 1000
# On SQLite, how much more a word of a title weighs than a word of the body.
SQLITE_TITLE_WEIGHT = 4.0


def SearchBackend(params):  # noqa: N802 -- the name modelsearch looks for in a backend module
    """The backend of ``WAGTAILSEARCH_BACKENDS`` ("search.backend"): modelsearch's database
    backend for the database in use, with full-text queries built safely from any text
    (search/fts5.py on SQLite, search/postgres.py on PostgreSQL)."""
    # modelsearch's backends read its models on import, and cms/ models import this module.
    from modelsearch.backends import database

    backend = database.SearchBackend(params)
    if connection.vendor == "sqlite" and database.USE_SQLITE_FTS:
        # modelsearch's SQLite modules read its models on import, and cms/ models import this
        # module: imported once the app registry is ready.
        from .fts5 import SafeSQLiteSearchBackend

        return SafeSQLiteSearchBackend(params)
    if connection.vendor == "postgresql":
        # The same for modelsearch's PostgreSQL modules.
        from .postgres import SafePostgresSearchBackend

        return SafePostgresSearchBackend(params)
    return backend


@dataclass
class Matches:
    """The ids of the best matches of a query, best first.

    ``complete`` is False when more objects match than the limit asked for: then the counts
    built on these ids are lower bounds, and on PostgreSQL the ranking was done over a bounded
    set of candidates (see ``postgres_matches``); elsewhere the best ``limit`` are kept.
    """

    ids: list
    complete: bool = True


def with_ids(queryset, ids):
    """``queryset`` restricted to the objects of ``ids`` (up to a few hundred search matches).

    On PostgreSQL the ids travel as one array parameter (``pk = ANY(%s)``) rather than one
    parameter each, which Django and the driver would otherwise prepare one by one.
    """
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(pk__in=ids)
    meta = queryset.model._meta
    quote = connections[queryset.db].ops.quote_name
    column = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
    # Quoted names from the model's metadata; the ids are a parameter.
    condition = RawSQL(f"{column} = ANY(%s)", (list(ids),), output_field=BooleanField())  # noqa: S611
    return queryset.filter(condition)


def matching_ids(query, queryset, limit=MATCH_LIMIT):
    """The ids of ``queryset``'s objects matching every word of ``query`` (or one of its
    synonyms, search/synonyms.py), best first."""
    return ranked_matches(query, queryset, limit).ids


def backend_kind(backend):
    """The database of modelsearch's full-text ``backend`` ("sqlite" or "postgresql"; subclasses
    such as search/fts5.py's included), else None."""
    kinds = {"SQLiteSearchBackend": "sqlite", "PostgresSearchBackend": "postgresql"}
    return next((kinds[c.__name__] for c in type(backend).__mro__ if c.__name__ in kinds), None)


def ranked_matches(query, queryset, limit=MATCH_LIMIT, models=None, synonyms=True):
    """The ``Matches`` of ``queryset``'s objects for every word of ``query``.

    ``query``: a text, whose every word must match, itself or one of its synonyms
    (``search.query.search_query``; ``synonyms=False``: itself only), or a modelsearch query
    (``search.query.partial_query``…).

    ``models``: only the objects of these models (and their subclasses) take part in the ranking,
    e.g. the page types a reader asked for (on the database backends; elsewhere the caller's
    filter keeps them).

    The caller filters the ids again through the database (visibility, facets): on SQLite the
    best ``limit`` entries are read from the FTS5 table alone, which may include objects outside
    ``queryset``.
    """
    if isinstance(query, str):
        query = search_query(query) if synonyms else PlainText(query, operator="and")
    backend = get_search_backend()
    results = backend.search(query, queryset.only("pk").order_by(), order_by_relevance=True)
    compiler = results.query_compiler
    kind = backend_kind(backend)
    if kind == "sqlite" and compiler is not None:
        ids = sqlite_matching_ids(compiler, backend, limit + 1, models)
    elif kind == "postgresql" and compiler is not None:
        return postgres_matches(compiler, backend, limit, models)
    else:
        ids = [obj.pk for obj in results[: limit + 1]]
    return Matches(ids[:limit], complete=len(ids) <= limit)


# Both candidate sets and their ranking, in one statement. ``{match}`` is the whole document
# (title and body, as modelsearch matches it, served by migration 0003's index; the body alone, and
# its own index, for models without a title); ``{rank}`` is modelsearch's rank of an entry.
CANDIDATES_SQL = """
SELECT object_id, rank, id FROM (
    (SELECT object_id, {rank} AS rank, id FROM {table}
     WHERE content_type_id = ANY(%s) AND {match}
     ORDER BY id DESC LIMIT %s)
    UNION
    {best_by_title}
) AS candidates
ORDER BY rank DESC, id DESC LIMIT %s
"""
# The best matches by the words of a title's weight, A or B (a page's title), served by migration
# 0004's index on this very expression.
BEST_BY_TITLE_SQL = """
    (SELECT object_id, {rank} AS rank, id FROM {table}
     WHERE content_type_id = ANY(%s) AND ts_filter(title || body, '{{a,b}}') @@ {tsquery}
     ORDER BY rank DESC, id DESC LIMIT %s)
"""
# The same for a model whose title words come from another table (``search_title_source``: a
# forum post is indexed with its topic's subject): one entry per matching row of that table,
# found through that table's own index on its words (migration 0006), each entry then read by
# its id (a nested loop, which LATERAL keeps: the planner would otherwise read the whole index).
BEST_BY_SOURCE_SQL = """
    (SELECT entries.object_id, entries.rank, entries.id
     FROM (SELECT {entry_column}::text AS entry_id FROM {title_table}
           WHERE to_tsvector('{config}'::regconfig, {text_column}) @@ {tsquery}) AS titles
     CROSS JOIN LATERAL (
         SELECT object_id, {rank} AS rank, id FROM {table}
         WHERE content_type_id = ANY(%s) AND object_id = titles.entry_id) AS entries
     ORDER BY entries.rank DESC, entries.id DESC LIMIT %s)
"""


def content_types_of(models):
    return sorted({pk for model in models for pk in get_descendants_content_types_pks(model)})


def has_title(model):
    """Whether modelsearch fills the title vector of ``model``'s entries (a field named title)."""
    return model is None or any(
        isinstance(field, index.SearchField) and field.field_name == "title"
        for field in model.get_search_fields()
    )


def is_plain(query):
    """Whether ``query`` is a plain text, or an ``And``/``Or`` of plain texts."""
    if isinstance(query, And | Or):
        return all(is_plain(sub) for sub in query.subqueries)
    return isinstance(query, PlainText)


def postgres_matches(compiler, backend, limit, models=None):
    """The matches ranked by modelsearch's own rank (``ts_rank``), over a bounded set.

    modelsearch ranks every matching row, joined to its model's table, before keeping the best
    ones: at 100,000 posts a common word ("VAE") matches 28,000 of them, about 200 ms. Here the
    index table is read alone and only two bounded sets of candidates are ranked: the
    ``limit + 1`` most recently indexed matches, and the ``limit`` best-ranked matches by their
    title's words (the strongest part of the rank). When no more than ``limit`` objects match,
    the first set holds all of them: the ranking is modelsearch's and the matches are complete.
    Plain texts and their combinations (a word or its synonyms: ``search.query``) are ranked
    so; other kinds of query (phrases, negations) keep modelsearch's own ranking.
    """
    # modelsearch's PostgreSQL modules read its models on import (and exist on PostgreSQL only).
    from modelsearch.backends.database.postgres.postgres import IndexEntry
    from modelsearch.backends.database.postgres.weights import get_sql_weights

    query = compiler.query
    if not is_plain(query):
        ids = [obj.pk for obj in backend.results_class(backend, compiler)[: limit + 1]]
        return Matches(ids[:limit], complete=len(ids) <= limit)
    search_query = compiler.build_tsquery(query, config=compiler.get_config(backend))
    if search_query is None:
        return Matches([])
    using = router.db_for_read(IndexEntry)
    sql_query = IndexEntry.objects.using(using).all().query
    tsquery, tsquery_params = sql_query.get_compiler(using).compile(
        search_query.resolve_expression(sql_query)
    )
    model = compiler.queryset.model
    content_types = content_types_of(models or [model])
    weights = get_sql_weights()
    if any(has_title(ContentType.objects.get_for_id(pk).model_class()) for pk in content_types):
        rank = (
            f"ts_rank(%s::float4[], title, {tsquery}) * title_norm"
            f" + ts_rank(%s::float4[], body, {tsquery})"
        )
        rank_params = [weights, *tsquery_params, weights, *tsquery_params]
        match = f"(title || body) @@ {tsquery}"
    else:
        # Without a title field (forum posts), an entry's title vector is empty: its document is
        # its body, matched and ranked as such (the same result, without building ``title || body``
        # for each row read).
        rank = f"ts_rank(%s::float4[], body, {tsquery})"
        rank_params = [weights, *tsquery_params]
        match = f"body @@ {tsquery}"
    quote = connections[using].ops.quote_name
    table = quote(IndexEntry._meta.db_table)
    source = getattr(model, "search_title_source", None)
    config = compiler.get_config(backend)
    if source is not None and models is None and re.fullmatch(r"[a-z_][a-z0-9_]*", config or ""):
        title_table, entry_column, text_column = source()
        best_by_title = BEST_BY_SOURCE_SQL.format(
            entry_column=quote(entry_column),
            title_table=quote(title_table),
            config=config,
            text_column=quote(text_column),
            tsquery=tsquery,
            rank=rank,
            table=table,
        )
        best_params = [*tsquery_params, *rank_params, content_types, limit]
    else:
        best_by_title = BEST_BY_TITLE_SQL.format(rank=rank, table=table, tsquery=tsquery)
        best_params = [*rank_params, content_types, *tsquery_params, limit]
    sql = CANDIDATES_SQL.format(table=table, rank=rank, match=match, best_by_title=best_by_title)
    params = [
        *rank_params,
        content_types,
        *tsquery_params,
        limit + 1,
        *best_params,
        limit + 1,
    ]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    to_python = model._meta.pk.to_python
    return Matches(
        [to_python(object_id) for object_id, _rank, _id in rows[:limit]],
        complete=len(rows) <= limit,
    )


def sqlite_matching_ids(compiler, backend, limit, models=None):
    """The FTS5 matches ranked by bm25 in one query.

    modelsearch's SQLite compiler ranks with a subquery per matching row, which repeats the full
    text match for each of them (seconds at 10,000 posts); this reads the same match expression
    and rank once, ordered in the FTS table.
    """
    # modelsearch's SQLite modules read its models on import (and exist on SQLite only).
    from modelsearch.backends.database.sqlite.query import MatchAll, MatchExpression, Not, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

    model = compiler.queryset.model
    normalized = normalize(compiler.query)
    if isinstance(normalized, MatchAll | Not):
        return [obj.pk for obj in backend.results_class(backend, compiler)[:limit]]
    config = compiler.get_config(backend)
    search_query = compiler.build_search_query(normalized, config=config)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    # bm25 over the FTS table's columns (autocomplete, body, title): a word of the title weighs
    # ``SQLITE_TITLE_WEIGHT`` words of the body (the lower, the better).
    table = SQLiteFTSIndexEntry._meta.db_table
    rank = RawSQL(f"bm25({table}, 0.0, 1.0, {SQLITE_TITLE_WEIGHT:.1f})", (), FloatField())  # noqa: S611
    object_ids = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=content_types_of(models or [model]))
        .annotate(score=rank)
        .order_by("score")
        .values_list("index_entry__object_id", flat=True)[:limit]
    )
    return [model._meta.pk.to_python(object_id) for object_id in object_ids]
