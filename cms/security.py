"""Security headers and request hygiene for every response of the portal.

Content-Security-Policy: written by django-csp from ``CONTENT_SECURITY_POLICY`` (settings/base.py).
Public and forum pages get a strict policy: scripts and styles from this site only (no inline
script, no ``'unsafe-inline'``), no plugins, ``base-uri``, ``form-action`` and ``frame-ancestors``
limited to this site, images from this site or ``data:``. Frames: a page holding a video player
adds its player's origin to ``frame-src`` (:func:`allow_player`); the click-to-load player inserts
that iframe only when the visitor presses play.

The admin interfaces (Wagtail's ``/admin/`` and Django's ``/django-admin/``) rely on inline scripts
and styles: :class:`ContentSecurityPolicyMiddleware` gives them :data:`ADMIN_DIRECTIVES`, a relaxed
policy that still forbids plugins, foreign ``<base>`` and framing by other sites.

Every page refuses to be framed by other sites (``frame-ancestors 'self'``, consistent with Django's
``X-Frame-Options: SAMEORIGIN``). A view that partners may frame calls :func:`allow_framing` on its
response: it then lists exactly the origins given, and X-Frame-Options is left out, because that
older header cannot express a list of origins and browsers would apply it on top of the policy.

Permissions-Policy: :class:`PermissionsPolicyMiddleware` turns off the browser features the portal
never uses (camera, microphone, geolocation…). X-Content-Type-Options and Referrer-Policy come from
Django's SecurityMiddleware.

:class:`RejectNulBytesMiddleware` answers 400 to any request whose path or query string holds a NUL
character: it is never valid input, and PostgreSQL refuses it in a query.
:class:`RejectMalformedParametersMiddleware` answers 400 to a request of the APIs or the admin
whose integer query parameter (``offset``, ``id``, ``child_of``…) is not a number the database
holds, or to an admin request whose ``next`` is not a path.
"""

import re
from urllib.parse import unquote, urlsplit

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

# Wagtail's and Django's admin: inline scripts and styles, image uploads previewed as blob: URLs,
# the page preview in an iframe of this site, Gravatar avatars (editors' pictures; no scheme: the
# page's own) and Wagtail's upgrade check.
ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "www.gravatar.com"],
    "media-src": [SELF, "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF, "https://releases.wagtail.org"],
    "frame-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# Browser features no page of the portal uses: nobody, not even the portal, may use them.
PERMISSIONS_POLICY = {
    "accelerometer": (),
    "camera": (),
    "display-capture": (),
    "geolocation": (),
    "gyroscope": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "usb": (),
}


def normalise_origin(value):
    """Return ``scheme://host[:port]`` for an origin typed by an editor, or raise ValidationError.

    Only http(s) origins without a path, query, user or wildcard are accepted, so that nothing an
    editor types can add a directive to the Content-Security-Policy header.
    """
    value = value.strip().rstrip("/")
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError as error:
        raise ValidationError(
            _("“%(origin)s” is not a valid origin."), params={"origin": value}
        ) from error
    hostname = parts.hostname or ""
    allowed_characters = set("abcdefghijklmnopqrstuvwxyz0123456789.-[]:")
    if (
        parts.scheme not in {"http", "https"}
        or not hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
        or not set(hostname) <= allowed_characters
    ):
        raise ValidationError(
            _(
                "“%(origin)s” is not a valid origin: write the scheme and the host name, and the "
                "port if needed, without a path, for example https://intranet.example.fr"
            ),
            params={"origin": value},
        )
    default_port = {"http": 80, "https": 443}[parts.scheme]
    suffix = f":{port}" if port and port != default_port else ""
    return f"{parts.scheme}://{hostname}{suffix}"


def _update_policy(response, directives):
    """Add sources to directives of ``response``'s policy (django-csp's per-response update)."""
    update = dict(getattr(response, "_csp_update", None) or {})
    for name, sources in directives.items():
        update[name] = [*update.get(name, ()), *sources]
    response._csp_update = update


def allow_player(response, player):
    """Let ``response`` load ``player`` (a :class:`cms.videos.players.Player`) in an iframe."""
    if player is not None and player.origin:
        _update_policy(response, {"frame-src": [player.origin]})
    return response


def allow_framing(response, origins, **directives):
    """Let the given origins (and this site) frame ``response``; replace other directives.

    ``directives`` maps a CSP directive written with underscores (``frame_src``) to its sources;
    each one replaces the directive of the site-wide policy for this response.
    """
    replace = dict(getattr(response, "_csp_replace", None) or {})
    replace.update({name.replace("_", "-"): list(v) for name, v in directives.items()})
    replace["frame-ancestors"] = [SELF, *origins]
    response._csp_replace = replace
    # Read by Django's XFrameOptionsMiddleware.
    response.xframe_options_exempt = True
    return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the relaxed :data:`ADMIN_DIRECTIVES` on the admin pages."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIXES)
        ):
            parts.config = getattr(settings, "COMCEP_ADMIN_CSP_DIRECTIVES", ADMIN_DIRECTIVES)
        return parts


def permissions_policy_header(policy):
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Add the Permissions-Policy header to every response that has none."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


# Query parameters that Wagtail's APIs (/api/v2/, the admin's, wagtail-transfer's) and admin
# choosers read as integers, with the largest value each may take: they parse them with int() or
# pass them to a query unchecked (a letter or a number too large for the database was a 500).
# ``offset`` and ``limit`` are added together into a 64-bit integer; the tree filters of the APIs
# also take "root".
MAX_INTEGER = 2**63 - 1
INTEGER_PARAMETERS = {
    "offset": MAX_INTEGER // 2,
    "limit": MAX_INTEGER // 2,
    "id": MAX_INTEGER,
    "child_of": MAX_INTEGER,
    "ancestor_of": MAX_INTEGER,
    "descendant_of": MAX_INTEGER,
    "translation_of": MAX_INTEGER,
    "parent_page_id": MAX_INTEGER,
    "target_pages[]": MAX_INTEGER,
}
INTEGER_PARAMETER_PATHS = ("/api/", "/admin/", "/wagtail-transfer/")
# Wagtail's admin sends ``next`` as a path of this site; its views hand any other value to
# ``redirect()``, which reads a bare word as the name of a route (NoReverseMatch, a 500).
ADMIN_PATH = "/admin/"
DIGITS = re.compile(r"[0-9]{1,19}")


def bad_integer_parameter(query):
    """The first integer parameter of ``query`` whose value is not an integer it may take."""
    for name, largest in INTEGER_PARAMETERS.items():
        for value in query.getlist(name):
            if value in ("", "root"):
                continue
            if not DIGITS.fullmatch(value) or int(value) > largest:
                return name
    return None


class RejectMalformedParametersMiddleware:
    """Answer 400 to a request of the APIs or the admin whose integer parameter (above) is not a
    whole number the database holds, in JSON for the APIs (as Wagtail's API errors), else the
    French 400 page; and to an admin request whose ``next`` is not a path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(INTEGER_PARAMETER_PATHS):
            name = bad_integer_parameter(request.GET)
            if name is not None and "/api/" in request.path:
                message = f"{name} must be a whole number from 0 to {INTEGER_PARAMETERS[name]}"
                return JsonResponse({"message": message}, status=400)
            if name is not None:
                raise BadRequest(f"{name} is not a whole number the database holds.")
        if request.path.startswith(ADMIN_PATH) and any(
            not value.startswith("/") for value in request.GET.getlist("next") if value
        ):
            raise BadRequest("next is not a path.")
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = unquote(request.META.get("QUERY_STRING", ""))
        if "\x00" in request.path or "\x00" in query_string:
            raise BadRequest("NUL character in the request's address.")
        return self.get_response(request)
