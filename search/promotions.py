"""Editors' promoted results (Wagtail's search promotions), shown before the other results."""

from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from cms.listing import visible_pages
from cms.performance.shared import remember

from .highlight import fold


def promoted_query_strings():
    """The query strings that have promotions (kept per version of the public content, which
    a promotion saved or deleted changes): most searches then ask the database nothing."""
    return remember(
        "promoted-queries",
        lambda: frozenset(SearchPromotion.objects.values_list("query__query_string", flat=True)),
    )


def promoted_results(query):
    """The promotions of ``query`` (case and accents ignored), to public pages or links."""
    keys = {normalise_query_string(query), fold(normalise_query_string(query))}
    if not keys & promoted_query_strings():
        return []
    promotions = list(
        SearchPromotion.objects.filter(query__query_string__in=keys)
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    page_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    if not page_ids:
        # Most queries have no promotion: no need to read the pages' view restrictions.
        return promotions
    public = set(visible_pages(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))
    return [
        promotion
        for promotion in promotions
        if promotion.page_id is None or promotion.page_id in public
    ]
