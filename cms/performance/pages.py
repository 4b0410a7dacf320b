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
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
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
    """The addresses (``url_path``) of the pages that route their own sub-addresses, each with
    the id of a page whose routes are known (``RoutablePageMixin``), or None (any other ``route``:
    every address below it takes Wagtail's way)."""
    models = [
        model
        for model in get_page_models()
        if model.route is not Page.route and not issubclass(model, CachedRoutingMixin)
    ]
    pages = Page.objects.type(*models).specific(defer=True) if models else []
    return [
        (page.url_path, page.pk if isinstance(page, RoutablePageMixin) else None) for page in pages
    ]


def _own_route(url_path, prefixes):
    """Whether ``url_path`` may be a sub-address routed by a page's own ``route``: below a page
    of unknown routes, or one of a routable page's routes (``qui-fait-quoi/``), which Wagtail
    tries before that page's children."""
    for prefix, routable_pk in prefixes:
        if not url_path.startswith(prefix):
            continue
        if routable_pk is None:
            return True
        if url_path == prefix:
            continue  # the routable page itself: its route() is called on the page from the cache
        routable = remember(f"page:{routable_pk}", lambda pk=routable_pk: _specific_page_of(pk))
        if routable is None:
            return True
        try:
            routable.resolve_subpage(url_path[len(prefix) - 1 :])
        except Http404:
            continue  # a child page's address: the cached routing serves it
        return True
    return False


def _page_at(url_path):
    found = Page.objects.filter(url_path=url_path).values_list("content_type_id", "pk").first()
    return tuple(found) if found else None


def _specific_page(content_type_id, pk):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=pk).first() if model else None


def _specific_page_of(pk):
    found = Page.objects.filter(pk=pk).values_list("content_type_id", "pk").first()
    return _specific_page(*found) if found else None


class CachedRoutingMixin:
    """For the site's root page: an address is routed to its page without a query.

    Wagtail walks the tree from the root, two queries per level; the address of each page, and
    the page itself (its live content: drafts live in revisions), are in the shared cache instead,
    under the version of public content, which every save, publication, move or slug change of a
    page bumps. A routable page's own routes (``RoutablePageMixin``: the structures' "Qui fait
    quoi"), addresses under a page with any other ``route`` and unknown addresses take Wagtail's
    way; the pages below a routable page (each structure) do not.
    """

    def route(self, request, path_components):
        if path_components:
            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            prefixes = remember("own-routes", _custom_route_prefixes)
            if not _own_route(url_path, prefixes):
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
