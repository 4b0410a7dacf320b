import secrets

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from cms.performance.invalidation import current_version
from cms.performance.shared import remember
from cms.standard.models import StandardPage

# Header sections served by a Wagtail index page, in order; shown only when that page is live.
PAGE_SECTIONS = (
    (_("Offers"), "offers.OfferIndexPage"),
    (_("Structures"), "structures.StructureIndexPage"),
    (_("News"), "news.NewsIndexPage"),
    (_("Videos"), "videos.VideoIndexPage"),
    (_("Toolbox"), "toolbox.ToolboxIndexPage"),
)


def _section_pages():
    """The live index page of each section, by model label, in one query."""
    models = {}
    for _label, model_label in PAGE_SECTIONS:
        try:
            models[model_label] = apps.get_model(model_label)
        except LookupError:
            continue
    content_types = ContentType.objects.get_for_models(*models.values())
    label_by_type = {content_types[model].pk: label for label, model in models.items()}
    pages = Page.objects.live().filter(content_type__in=label_by_type).order_by("path")
    found = {}
    for page in pages.only("url_path", "content_type_id", "path", "depth"):
        found.setdefault(label_by_type[page.content_type_id], page)
    return found


def _section_urls(request):
    """[(model label, address)] of the live sections, as the request's site addresses them."""
    pages = _section_pages()
    return [
        (model_label, pages[model_label].get_url(request))
        for _label, model_label in PAGE_SECTIONS
        if model_label in pages
    ]


def _footer_links(request):
    return [
        {"title": page.title, "url": page.get_url(request)}
        for page in StandardPage.footer_links().only("title", "url_path", "path", "depth")
    ]


def _site_key(request):
    site = Site.find_for_request(request)
    return site.pk if site else None


def main_navigation(request):
    path = request.path
    urls = dict(remember(f"nav:{_site_key(request)}", lambda: _section_urls(request)))
    items = [{"label": _("Home"), "url": "/", "current": path == "/"}]
    for label, model_label in PAGE_SECTIONS:
        url = urls.get(model_label)
        if url is not None:
            items.append(
                {"label": label, "url": url, "current": bool(url) and path.startswith(url)}
            )
    forum_url = reverse("forum:index")
    items.append({"label": _("Forum"), "url": forum_url, "current": path.startswith(forum_url)})
    return items


def content_version(request):
    """The key part of fragments that show public content only (``{% cache %}``): the version of
    public content (any change makes them obsolete) and the day (freshness notices change daily).

    A preview (a draft shown in the admin) gets a key of its own, used once: its fragments are
    never shown on the live site, and it never shows the live site's."""
    if getattr(request, "is_preview", False):
        return f"preview-{secrets.token_hex(16)}"
    return f"{current_version()}-{timezone.localdate().isoformat()}"


def portal(request):
    """The header navigation (only sections that exist) and the footer links, on every page:
    computed once per version of the public content (cms/performance/shared.py)."""
    return {
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
        "content_version": SimpleLazyObject(lambda: content_version(request)),
        "footer_pages": SimpleLazyObject(
            lambda: remember(f"footer:{_site_key(request)}", lambda: _footer_links(request))
        ),
    }
