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
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from wagtail.views import serve as wagtail_serve

from .invalidation import VERSION_KEY, current_version

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


# The pages this process served last, by key: ``(version, status, headers, content)``, never
# changed once stored. With a copy here, a request asks the shared cache for the version number
# alone (a few bytes rather than the page); the copy is served only under the current number.
_local_pages = {}
LOCAL_PAGES = 200


def _keep_locally(key, stored):
    while len(_local_pages) >= LOCAL_PAGES:
        _local_pages.pop(next(iter(_local_pages)), None)
    _local_pages[key] = stored


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve(request):
            return self.get_response(request)
        # One round trip to the cache: the version number, and the stored page unless this
        # process holds a copy. A page is stored with the version read before it was rendered: a
        # page rendered from data older than a change carries the version that the change made
        # obsolete, and is never served.
        key = cache_key(request)
        stored = _local_pages.get(key)
        if stored is not None:
            version = cache().get(VERSION_KEY) or current_version()
            if stored[0] != version:
                stored = cache().get(key)
        else:
            found = cache().get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or current_version()
            stored = found.get(key)
        if stored is not None and stored[0] == version:
            _keep_locally(key, stored)
            _version, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if may_store(request, response):
            headers = [(name, value) for name, value in response.items() if name != HEADER]
            stored = (version, response.status_code, tuple(headers), response.content)
            cache().set(key, stored, settings.COMCEP_PAGE_CACHE_SECONDS)
            _keep_locally(key, stored)
            response[HEADER] = "miss"
        return response
