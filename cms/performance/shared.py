"""What every page shows and no reader changes, computed once per version of the public content.

The header's sections, the footer's links, the catalogue's lists of regions, audiences and themes,
the site serving a host name: each page, signed in or not, needs them, and they change only when
an editor publishes. :func:`remember` keeps such a value in the shared cache beside the version
number of public pages (:mod:`.invalidation`) read before it was built, and returns it while that
is still the current version: the next change an editor makes is seen at the next request, on
every app server. A request reads each version once.

Only values that are the same for every reader belong here; what depends on who reads (forum
rubrics, permissions, notifications) is cached under keys that say who, elsewhere.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http.request import split_domain_port
from wagtail.models import Site

from .invalidation import (
    CONTENT,
    built_from_primary,
    cache,
    local_get,
    local_set,
    read_versions,
    versions_read_once,
)

SECONDS = 3600


def remember(name, build, timeout=SECONDS, keys=(CONTENT,)):
    """``build()``, or the value it returned under the current numbers of ``keys`` (by default the
    content's: see :mod:`.invalidation` for the others).

    ``None`` is never kept: what was not found (a page, a site) is looked up again each time, so
    that unknown addresses fill no cache."""
    key = f"comcep:shared:{name}"
    versions = tuple(sorted(read_versions(keys).items()))
    # This process's copy under the same numbers is as fresh as the shared entry.
    value = local_get(f"{key}@{versions}")
    if value is not None:
        return value
    stored = cache().get(key)
    if stored is not None and stored[0] == versions:
        value = stored[1]
    else:
        value = built_from_primary(build)
        if value is not None:
            cache().set(key, (versions, value), timeout)
    if value is not None:
        local_set(f"{key}@{versions}", value)
    return value


class SiteFromCacheMiddleware:
    """The Wagtail site serving the request's host, with its root page, from the shared cache.

    Wagtail looks the site up in the database on each request and keeps it on the request
    (``request._wagtail_site``), then reads its root page (two queries) to route the request; this
    sets that attribute first, from :func:`remember`, with the root page already specific.

    Everything below it reads each version number once per request (``versions_read_once``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        with versions_read_once(_member_id(request)):
            request._wagtail_site = remember(f"site:{hostname}:{port}", lambda: _site(request))
            return self.get_response(request)


def _member_id(request):
    """The member the session names (its numbers are read with the others), or None. The session,
    read here rather than by authentication just after, is read once either way."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not hasattr(request, "session"):
        return None
    return request.session.get(SESSION_KEY)


def _site(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site
