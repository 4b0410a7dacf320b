"""Editors' promoted results (Wagtail's search promotions), shown before the other results."""

from django.db.models import Q
from modelsearch.utils import normalise_query_string
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from .highlight import fold


def promoted_results(query):
    """The promotions of ``query`` (case and accents ignored), to public pages or links."""
    keys = {normalise_query_string(query), fold(normalise_query_string(query))}
    public_pages = Page.objects.live().public().values("pk")
    return list(
        SearchPromotion.objects.filter(query__query_string__in=keys)
        .filter(Q(page__isnull=True) | Q(page__in=public_pages))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
