from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from .cards import result_card
from .engine import load_objects, normalise_query, search_everything
from .forms import SearchForm
from .highlight import fold
from .models import SearchQuery
from .page_types import DISCUSSION, TYPE_LABELS
from .promotions import promoted_results

RESULTS_PER_PAGE = 20


def search(request):
    """/recherche/: pages and discussions the visitor may read, with facets from the URL."""
    form = SearchForm(request.GET)
    form.is_valid()
    query = normalise_query(form.value("q"))
    types = form.value("type") or []
    theme, region = form.value("theme"), form.value("region")
    sort = form.value("sort") or "relevance"
    resolved = bool(form.value("resolu"))
    outcome = search_everything(request, query, types, theme, region, sort, resolved)
    page_obj = Paginator(outcome.hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = load_objects(list(page_obj.object_list))
    shown_query = outcome.corrected or query
    cards = [result_card(hit, shown_query, request) for hit in page_obj.object_list]
    promoted = []
    if query and request.GET.get("page", "1") in ("", "1"):
        # Counted once per search (not per page of results), for the editors' report.
        # Results for part of the words or for a correction: still a search without results.
        SearchQuery.objects.record(fold(query), outcome.full_matches)
        promoted = promoted_results(query)
    kept = [
        (name, value)
        for name in ("q", "theme", "region", "sort", "resolu")
        if name not in form.errors and (value := request.GET.get(name, "")[:1000])
    ]
    if "type" not in form.errors:
        kept += [("type", name) for name in types]
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "cards": cards,
            "total": outcome.total,
            "partial": outcome.partial,
            "corrected": outcome.corrected,
            "suggestion": outcome.suggestion,
            "suggestion_url": "?" + urlencode({"q": outcome.suggestion})
            if outcome.suggestion
            else "",
            "complete": outcome.complete,
            "match_limit": outcome.limit,
            "promoted": promoted,
            "type_counts": [
                (name, label, outcome.type_counts.get(name, 0), name in outcome.capped_kinds)
                for name, label in TYPE_LABELS.items()
            ],
            "ignored_filters": form.ignored_filters(),
            "has_facets": bool(types or theme or region or resolved),
            "querystring": urlencode(kept),
            "ask_url": reverse("forum:index"),
        },
    )


def forum_search(request):
    """machina's old search address: the site search, restricted to discussions."""
    params = {"type": DISCUSSION}
    if request.GET.get("q"):
        params["q"] = request.GET["q"][:1000]
    return HttpResponsePermanentRedirect(f"{reverse('site_search:search')}?{urlencode(params)}")
