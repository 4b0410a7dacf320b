"""The read API's ``?search=`` (cms/api.py) with the site search's words: synonyms and acronyms,
and searches without results counted for the editors' report."""

from django.conf import settings
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from .engine import normalise_query
from .models import record_search
from .query import partial_query, search_query


class SiteSearchFilter(BaseFilterBackend):
    """Wagtail's API ``SearchFilter``, the query built as the site search builds it: every word
    or one of its synonyms (``search_operator=or``: any of them)."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        text = normalise_query(request.GET["search"])
        operator = request.GET.get("search_operator") or "and"
        if operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        query = partial_query(text) if operator == "or" else search_query(text)
        try:
            results = get_search_backend().search(
                query, queryset, order_by_relevance="order" not in request.GET
            )
        except FilterFieldError as error:
            raise BadRequestError(
                f"cannot filter by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        except OrderByFieldError as error:
            raise BadRequestError(
                f"cannot order by '{error.field_name}' while searching (field is not indexed)"
            ) from error
        if text and request.GET.get("offset", "0") in ("", "0"):
            # Counted once per search (its first page), for the editors' report.
            record_search(text, results.count())
        return results
