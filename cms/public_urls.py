"""The portal's public address, ``settings.WAGTAILADMIN_BASE_URL``, and absolute URLs built on it.

Every absolute address the portal hands out (e-mails, feeds, the sitemap, the read API, oEmbed)
starts with this one setting, whatever host name a request came in on. Pages get theirs from the
Wagtail ``Site`` (``page.full_url``, ``Site.root_url``), which ``home.site.ensure_site`` keeps in
step with the setting (``site_host_and_port``); any other path goes through ``public_url``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

DEFAULT_PORTS = {"http": 80, "https": 443}


def public_base_url():
    """``scheme://host[:port]``, without a trailing slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def public_url(path="/"):
    """The absolute public address of a root-relative ``path`` (left alone if already absolute,
    e.g. a file served by another host)."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = f"/{path}"
    return f"{public_base_url()}{path}"


def public_scheme():
    return urlsplit(public_base_url()).scheme


def public_domain():
    """``host[:port]`` as Django's ``domain`` context variables expect it (no scheme)."""
    return urlsplit(public_base_url()).netloc


def site_host_and_port():
    """The hostname and port that make a Wagtail ``Site``'s ``root_url`` the public address."""
    parts = urlsplit(public_base_url())
    return parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme, 80)


def address_problem(url):
    """Why ``url`` cannot be the public address, or an empty string."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "is not a valid address"
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return "must be an absolute http:// or https:// address"
    if parts.path.strip("/") or parts.query or parts.fragment:
        return "must have no path, query or fragment (the portal is served from the root)"
    if parts.scheme == "https" and port not in (None, 443):
        # Wagtail's Site.root_url only knows https on port 443.
        return "may only use https on the default port 443"
    if parts.scheme == "http" and port == 443:
        return "may not use http on port 443 (Wagtail would link to https)"
    return ""


@register()
def check_public_address(app_configs, **kwargs):
    problem = address_problem(settings.WAGTAILADMIN_BASE_URL)
    if not problem:
        return []
    return [
        Error(
            f"WAGTAILADMIN_BASE_URL {problem}: {settings.WAGTAILADMIN_BASE_URL!r}.",
            hint="Set it to the portal's public address, e.g. https://comcep.example",
            id="comcep.E006",
        )
    ]
