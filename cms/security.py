"""Security headers for every response of the portal.

Every page refuses to be framed by other sites (``frame-ancestors 'self'``, consistent with Django's
``X-Frame-Options: SAMEORIGIN``). A view that partners may frame calls :func:`allow_framing` on its
response: it then lists exactly the origins given, and X-Frame-Options is left out, because that
older header cannot express a list of origins and browsers would apply it on top of the policy.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BASE_POLICY = {
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
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


def allow_framing(response, origins, **directives):
    """Let the given origins (and this site) frame ``response``; add or override other directives.

    ``directives`` maps a CSP directive written with underscores (``frame_src``) to its sources.
    """
    response.csp_frame_ancestors = ["'self'", *origins]
    response.csp_directives = {name.replace("_", "-"): list(v) for name, v in directives.items()}
    # Read by Django's XFrameOptionsMiddleware.
    response.xframe_options_exempt = True
    return response


def build_policy(response):
    policy = {name: list(sources) for name, sources in BASE_POLICY.items()}
    policy.update(getattr(response, "csp_directives", {}))
    policy["frame-ancestors"] = getattr(response, "csp_frame_ancestors", None) or ["'self'"]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy header (framing rules first) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        existing = response.get("Content-Security-Policy")
        if existing is None:
            response["Content-Security-Policy"] = build_policy(response)
        elif "frame-ancestors" not in existing:
            ancestors = getattr(response, "csp_frame_ancestors", None) or ["'self'"]
            response["Content-Security-Policy"] = (
                f"{existing.rstrip('; ')}; frame-ancestors {' '.join(ancestors)}"
            )
        return response
