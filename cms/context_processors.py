from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

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


def main_navigation(request):
    path = request.path
    pages = _section_pages()
    items = [{"label": _("Home"), "url": "/", "current": path == "/"}]
    for label, model_label in PAGE_SECTIONS:
        page = pages.get(model_label)
        if page is not None:
            url = page.get_url(request)
            items.append(
                {"label": label, "url": url, "current": bool(url) and path.startswith(url)}
            )
    forum_url = reverse("forum:index")
    items.append({"label": _("Forum"), "url": forum_url, "current": path.startswith(forum_url)})
    return items


def portal(request):
    """The header navigation (only sections that exist) and the footer links, on every page."""
    return {
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
        "footer_pages": StandardPage.footer_links,
    }
