"""The one call into the search index, shared by /recherche/ and the section listings.

It imports nothing from the project's apps, so that cms/ may use it without a cycle.
"""

from wagtail.search.backends import get_search_backend

# Matches taken from the index per query: enough for any listing, bounded at any scale.
MATCH_LIMIT = 1000


def matching_ids(query, queryset, limit=MATCH_LIMIT):
    """The ids of ``queryset``'s objects matching every word of ``query``, best first.

    The caller filters the ids again through the database (visibility, facets): on SQLite the
    best ``limit`` entries are read from the FTS5 table alone, which may include objects outside
    ``queryset``.
    """
    backend = get_search_backend()
    results = backend.search(
        query, queryset.only("pk").order_by(), operator="and", order_by_relevance=True
    )
    if type(backend).__name__ == "SQLiteSearchBackend" and results.query_compiler is not None:
        return sqlite_matching_ids(results.query_compiler, backend, limit)
    return [obj.pk for obj in results[:limit]]


def sqlite_matching_ids(compiler, backend, limit):
    """The FTS5 matches ranked by bm25 in one query.

    modelsearch's SQLite compiler ranks with a subquery per matching row, which repeats the full
    text match for each of them (seconds at 10,000 posts); this reads the same match expression
    and rank once, ordered in the FTS table.
    """
    from modelsearch.backends.database.sqlite.query import MatchAll, MatchExpression, Not, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    model = compiler.queryset.model
    normalized = normalize(compiler.query)
    if isinstance(normalized, MatchAll | Not):
        return [obj.pk for obj in backend.results_class(backend, compiler)[:limit]]
    config = compiler.get_config(backend)
    search_query = compiler.build_search_query(normalized, config=config)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    object_ids = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(index_entry__content_type__in=get_descendants_content_types_pks(model))
        .annotate(score=rank)
        .order_by("score")
        .values_list("index_entry__object_id", flat=True)[:limit]
    )
    return [model._meta.pk.to_python(object_id) for object_id in object_ids]
