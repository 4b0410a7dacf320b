"""Public pages for anonymous readers, served from the shared cache and never stale.

Django's cache framework (the ``default`` cache: Redis in production), with our own small
middleware rather than Django's ``UpdateCacheMiddleware``/``FetchFromCacheMiddleware`` pair:

- Django's pair caches a response per value of the ``Cookie`` header as soon as a page reads the
  session (every page does, to know who the reader is), and expires entries only with time. Here
  the rule is simpler and stricter: a request is served from the cache only when it carries no
  cookie at all (the CSRF cookie excepted) and no ``Authorization`` header; a response is stored
  only when it is a 200 for an anonymous reader that sets no cookie, used no CSRF token (no form
  with a token is ever cached), is not marked private or no-store, and is HTML, JSON or XML.
- Nothing is ever stale: every stored page holds the version number (:mod:`.invalidation`) read
  before it was rendered, and is served only while that is still the current one; each change
  to what public pages show bumps it — publishing, unpublishing, moving or deleting a page, a
  snippet or a setting saved, a post or topic written, edited, approved, hidden, moved or deleted,
  forum permissions changed. The bump happens at once and again when the transaction commits,
  so a page rendered from the data before the commit carries a version that is never served again.
  Reading the version and the page is one round trip to the cache (``get_many``).
- The public API (``COMCEP_PAGE_CACHE_SHARED_PREFIXES``) answers everyone alike: its answers are
  served from the cache and stored whatever cookies the request carries (still never one that
  sets a cookie or holds a CSRF token). Signed-in members' pages have their own cache
  (:mod:`.membercache`).
- Only addresses on an allow-list are cached: ``COMCEP_PAGE_CACHE_PREFIXES`` and the Wagtail
  pages (whatever their address), never what ``COMCEP_PAGE_CACHE_EXCLUDED_PREFIXES`` lists
  (admin, sign-in, search, notifications, transfer API, forum moderation…).

wagtail-cache does the same job for Wagtail pages only, is not a dependency of the project and
knows nothing of the forum; Wagtail's frontend cache invalidator purges a CDN, which the portal does
not have. ``COMCEP_PAGE_CACHE_SECONDS = 0`` turns the cache off (development, tests by default).

The middleware sits right after Django's SecurityMiddleware: a hit skips every other middleware,
and what is stored holds the final headers (Content-Security-Policy of the page included). The
key also says whether the request came with an ``Origin`` header, because the CORS headers of the
public API depend on it.

Nobody can fill the cache with addresses of their own making (``?utm_source=<random>``):

- A page is kept under the query parameters its view reads, normalised (:func:`clean_query`:
  names and repeated values sorted, empty values dropped), and the view is then given that query
  and nothing else (:func:`use_query`), so what it renders depends on nothing outside the key:
  ``/offres/?utm_source=x&theme=`` is ``/offres/`` for the cache and for the page. The names come
  from the views themselves (:func:`read_parameters`): a view or page type lists them in
  ``query_parameters`` (a listing derives them from its FilterSet, :func:`filterset_parameters`);
  a Wagtail page is kept under the names any page type reads (the page is known only once
  routed); Wagtail's API under those it accepts, and a request naming another is left to the API,
  which refuses it (400). A view that does not say what it reads is cached only without a query.
- Even a parameter a page reads cannot be sent a thousand values (``?q=<random>``): under one
  version number, at most ``COMCEP_PAGE_CACHE_VARIANTS`` addresses with a query are kept per page
  (:func:`keeps_variant`, counted in the cache); beyond, the page is rendered and not kept. The
  address without a query is always kept.
"""

import copy
import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.http import urlencode
from django_filters.widgets import SuffixedMultiWidget
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import get_page_models
from wagtail.views import serve as wagtail_serve

from .invalidation import CONTENT, FORUM, all_current, current_version, page_versions

CACHEABLE_TYPES = (
    "text/html",
    "application/json",
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
)
MAX_BYTES = 1024 * 1024
HEADER = "X-Page-Cache"


def cache():
    return caches[settings.COMCEP_PAGE_CACHE_ALIAS]


def is_cacheable_path(path):
    if any(path.startswith(prefix) for prefix in settings.COMCEP_PAGE_CACHE_EXCLUDED_PREFIXES):
        return False
    if path == "/" or any(
        path.startswith(prefix) for prefix in settings.COMCEP_PAGE_CACHE_PREFIXES
    ):
        return True
    try:
        return resolve(path).func is wagtail_serve
    except Resolver404:
        return False


def is_alike_for_everyone(path):
    """An address whose answer is the same whoever asks, signed in or not (the public API)."""
    return any(
        path.startswith(prefix) for prefix in settings.COMCEP_PAGE_CACHE_SHARED_PREFIXES
    ) and not any(
        path.startswith(prefix) for prefix in settings.COMCEP_PAGE_CACHE_EXCLUDED_PREFIXES
    )


def may_serve(request):
    """A request that may be answered from the cache (and whose answer may be stored)."""
    if not settings.COMCEP_PAGE_CACHE_SECONDS or request.method != "GET":
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
        return is_alike_for_everyone(request.path)
    return is_cacheable_path(request.path)


def may_store(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # The page used a CSRF token (a form): it belongs to this visitor only.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if not is_alike_for_everyone(request.path):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        session = getattr(request, "session", None)
        if session is not None and (session.modified or not session.is_empty()):
            return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control:
        return False
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    if content_type not in CACHEABLE_TYPES:
        return False
    return len(response.content) <= MAX_BYTES and b"csrfmiddlewaretoken" not in response.content


@functools.cache
def filterset_parameters(filterset_class):
    """The query parameters a django-filter FilterSet reads: one per filter (two for a range);
    computed once per class (its declared filters are the class's own)."""
    names = set()
    for name, declared in filterset_class.base_filters.items():
        # A copy: a filter keeps the form field it builds, and each FilterSet copies its filters
        # from these (one that sets a filter's queryset per request must find no field built).
        widget = copy.deepcopy(declared).field.widget
        if isinstance(widget, SuffixedMultiWidget):
            names.update(widget.suffixed(name, suffix) for suffix in widget.suffixes)
        else:
            names.add(name)
    return frozenset(names)


@functools.cache
def _parameters_of(view):
    """``(names, strict)`` for a view function, or None when it does not say what it reads.

    ``strict``: the view refuses a parameter outside ``names`` itself (an error, never kept)."""
    if view is wagtail_serve:
        names = set()
        for model in get_page_models():
            names.update(getattr(model, "query_parameters", ()))
        return frozenset(names), False
    declared = getattr(view, "query_parameters", None)
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if declared is None and view_class is not None:
        if issubclass(view_class, BaseAPIViewSet):
            # What Wagtail's API accepts (``check_query_parameters``), and the find view's own.
            fields = view_class.get_available_fields(view_class.model, db_fields_only=True)
            names = (
                view_class.known_query_parameters
                | view_class.find_query_parameters
                | frozenset(fields)
            )
            return names, True
        declared = getattr(view_class, "query_parameters", None)
    return None if declared is None else (frozenset(declared), False)


def read_parameters(path):
    """``(names, strict)``: the query parameters the view at ``path`` reads, and whether it
    refuses others itself; None when it does not say (or ``path`` leads nowhere)."""
    try:
        return _parameters_of(resolve(path).func)
    except Resolver404:
        return None


def normalised_query(query, names):
    """``query`` (a QueryDict) reduced to ``names``, sorted, repeated values once each and
    sorted, empty values dropped: one text for every address that means the same page."""
    pairs = {(name, value) for name in query if name in names for value in query.getlist(name)}
    return urlencode(sorted(pair for pair in pairs if pair[1] != ""))


def clean_query(request):
    """The query string the caches keep ``request``'s page under, or None when this request must
    not use them (a view that does not say what it reads, given a query; a view that refuses
    parameters it does not know, given one)."""
    if not hasattr(request, "_page_cache_query"):
        query = ""
        if request.META.get("QUERY_STRING", ""):
            parameters = read_parameters(request.path_info)
            if parameters is None:
                query = None
            else:
                names, strict = parameters
                if strict and not set(request.GET) <= names:
                    query = None
                else:
                    query = normalised_query(request.GET, names)
        request._page_cache_query = query
    return request._page_cache_query


def use_query(request, query):
    """From here on, ``request`` carries ``query`` only (what the caches key its page on): what
    the view renders — filters, links, ``request.get_full_path`` — depends on nothing else."""
    if request.META.get("QUERY_STRING", "") != query:
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


# Template fragments kept per address (a listing's results) follow the same rule as pages.
FRAGMENT_SECONDS = 600


def keeps_variant(request, version=None):
    """Whether what is rendered for ``request`` may be kept (a page, a template fragment): always
    at an address without a query; at one with a query, for the first
    ``COMCEP_PAGE_CACHE_VARIANTS`` such renderings of this page under the version of public content
    (``version``, by default the current one). Decided once per request."""
    if not hasattr(request, "_page_cache_keeps_variant"):
        query = clean_query(request)
        if query is None:
            keeps = False
        elif not query:
            keeps = True
        else:
            version = version or current_version()
            page = hashlib.sha256(f"{request.get_host()}|{request.path}".encode()).hexdigest()
            counted = _count(f"comcep:page:variants:{version}:{page}")
            keeps = counted is not None and counted <= settings.COMCEP_PAGE_CACHE_VARIANTS
        request._page_cache_keeps_variant = keeps
    return request._page_cache_keeps_variant


def _count(key):
    """One more under ``key`` (kept as long as what it counts); None if the cache cannot count."""
    store = cache()
    try:
        return store.incr(key)
    except ValueError:  # not counted yet (or the cache does not answer)
        if store.add(key, 1, max(settings.COMCEP_PAGE_CACHE_SECONDS, FRAGMENT_SECONDS)):
            return 1
    try:
        return store.incr(key)
    except ValueError:
        return None


def cache_key(request):
    address = "|".join(
        (
            request.scheme,
            request.META.get("HTTP_HOST", ""),
            "origin" if "HTTP_ORIGIN" in request.META else "",
            request.get_full_path(),
        )
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"comcep:page:{digest}"


# The pages this process served last, by key: ``(expiry, (versions, status, headers, content))``,
# never changed once stored. With a copy here, a request asks the shared cache for the version
# numbers alone (a few bytes rather than the page); the copy is served only under the current ones.
_local_pages = {}
LOCAL_PAGES = 200
LOCAL_SECONDS = 300


def _keep_locally(key, stored):
    while len(_local_pages) >= LOCAL_PAGES:
        _local_pages.pop(next(iter(_local_pages)), None)
    _local_pages[key] = (time.monotonic() + LOCAL_SECONDS, stored)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve(request):
            return self.get_response(request)
        query = clean_query(request)
        if query is None:
            return self.get_response(request)
        use_query(request, query)
        # One round trip to the cache: the numbers most pages depend on, and the stored page
        # unless this process holds a copy (a page depending on a topic or a rubric asks for that
        # number too). A page is stored with the numbers read before it was rendered: a page
        # rendered from data older than a change carries a number that the change made obsolete.
        key = cache_key(request)
        expiry, stored = _local_pages.get(key, (0, None))
        fresh = expiry > time.monotonic()
        # With a copy here, the numbers it was kept under (a topic's, a rubric's…) are known:
        # they are read in the same round trip.
        numbers = [CONTENT, FORUM]
        if fresh:
            numbers.extend(name for name, _number in stored[0] if name not in numbers)
        found = cache().get_many(numbers if fresh else [*numbers, key])
        if fresh and not all_current(stored[0], found):
            stored = cache().get(key)
        elif not fresh:
            stored = found.get(key)
        if stored is not None and all_current(stored[0], found):
            _keep_locally(key, stored)
            _versions, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        if CONTENT in found and FORUM in found:
            request.cache_versions = {CONTENT: found[CONTENT], FORUM: found[FORUM]}
        page_versions(request)  # read before rendering
        response = self.get_response(request)
        # The view may have said what its page depends on (``depends_on``), before rendering it.
        versions = page_versions(request)
        if may_store(request, response) and keeps_variant(request, dict(versions)[CONTENT]):
            headers = [(name, value) for name, value in response.items() if name != HEADER]
            stored = (versions, response.status_code, tuple(headers), response.content)
            cache().set(key, stored, settings.COMCEP_PAGE_CACHE_SECONDS)
            _keep_locally(key, stored)
            response[HEADER] = "miss"
        return response
