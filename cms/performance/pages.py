"""Serving a Wagtail page from the shared cache: its address and its privacy cost no query.

Wagtail checks, before serving a page, the view restrictions set on it and on its ancestors: two
queries on every page view, whose answer changes only when an editor changes a page's privacy or
moves a page. Both bump the version of public content (:mod:`.invalidation`), so the restrictions
are kept per page under that version (:func:`.shared.remember`), as ids: when there are none, the
check costs nothing; when there are, the restrictions are read (one query) and applied as Wagtail
applies them.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, get_page_models

from .shared import remember


class CachedPrivacyMixin:
    def get_view_restrictions(self):
        restrictions = super().get_view_restrictions
        if self.pk is None:
            return restrictions()
        ids = remember(
            f"restrictions:{self.pk}", lambda: list(restrictions().values_list("pk", flat=True))
        )
        if not ids:
            none = PageViewRestriction.objects.none()
            # Known to be empty: iterating it (Wagtail does, on each page view) compiles no query.
            none._result_cache = []
            return none
        return PageViewRestriction.objects.filter(pk__in=ids)


def _custom_route_prefixes():
    """The addresses (``url_path``) of the pages that route their own sub-addresses."""
    models = [
        model
        for model in get_page_models()
        if model.route is not Page.route and not issubclass(model, CachedRoutingMixin)
    ]
    return list(Page.objects.type(*models).values_list("url_path", flat=True)) if models else []


def _page_at(url_path):
    found = Page.objects.filter(url_path=url_path).values_list("content_type_id", "pk").first()
    return tuple(found) if found else None


def _specific_page(content_type_id, pk):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=pk).first() if model else None


class CachedRoutingMixin:
    """For the site's root page: an address is routed to its page without a query.

    Wagtail walks the tree from the root, two queries per level; the address of each page, and
    the page itself (its live content: drafts live in revisions), are in the shared cache instead,
    under the version of public content, which every save, publication, move or slug change of a
    page bumps. Addresses under a page that routes its own sub-addresses (``RoutablePageMixin``…)
    and unknown addresses take Wagtail's way.
    """

    def route(self, request, path_components):
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            prefixes = remember("custom-routes", _custom_route_prefixes)
            if not any(url_path.startswith(prefix) for prefix in prefixes):
                digest = hashlib.sha256(url_path.encode()).hexdigest()
                target = remember(f"route:{digest}", lambda: _page_at(url_path))
                if target is not None:
                    page = remember(f"page:{target[1]}", lambda: _specific_page(*target))
                    if page is not None and page.url_path == url_path:
                        return page.route(request, [])
        return super().route(request, path_components)


def _private_sections():
    return [
        (restriction.page.path, restriction.page.depth)
        for restriction in PageViewRestriction.objects.select_related("page")
    ]


def private_q():
    """Wagtail's ``PageQuerySet.private_q()`` (pages under a view restriction), from the shared
    cache: ``queryset.exclude(private_q())`` is ``queryset.public()`` without its query."""
    sections = remember("private-sections", _private_sections)
    q = Q()
    for path, depth in sections:
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])
