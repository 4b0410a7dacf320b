from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from cms.listing import visible_pages
from cms.public_urls import public_url

SITE_MAP_DEPTH = 2


@require_GET
def site_map(request):
    """/plan-du-site/: the home page, its sections and their pages, in tree order (one query)."""
    site = Site.find_for_request(request)
    entries = []
    if site:
        home = site.root_page
        pages = (
            visible_pages(Page.objects.descendant_of(home, inclusive=True))
            .filter(depth__lte=home.depth + SITE_MAP_DEPTH)
            .order_by("path")
        )
        entries = [(page, page.depth - home.depth) for page in pages]
    return render(request, "standard/site_map.html", {"entries": entries})


@require_GET
@cache_control(max_age=86400)
def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {"sitemap_url": public_url(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
