"""The one call into the search index, shared by /recherche/ and the section listings.

It imports nothing from the project's apps, so that cms/ may use it without a cycle.
"""

from wagtail.search.backends import get_search_backend

# Matches taken from the index per query: enough for any listing, bounded at any scale.
MATCH_LIMIT = 1000


def matching_ids(query, queryset, limit=MATCH_LIMIT):
    """The ids of ``queryset``'s objects matching every word of ``query``, best first."""
    results = get_search_backend().search(
        query, queryset.only("pk").order_by(), operator="and", order_by_relevance=True
    )
    return [obj.pk for obj in results[:limit]]
