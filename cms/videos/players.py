"""From a video's address to the player a visitor loads when they press play.

UODC links follow a rule from the ``COMCEP_VIDEO_PLAYER_RULES`` setting (regular expression → player
address). Any other link is resolved by Wagtail's oEmbed finders (results are cached in the
database by Wagtail). Nothing here runs in the visitor's browser: the page only holds the player's
markup inside an inert ``<template>`` until they click.
"""

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

from cms.security import normalise_origin

IFRAME_SRC = re.compile(r"""<iframe[^>]*\ssrc=["']([^"']+)["']""", re.IGNORECASE)


# The embed page: a 16:9 player above a bar holding the title and the links.
DEFAULT_WIDTH = 640
BAR_HEIGHT = 64
MIN_WIDTH = 160


def embed_size(maxwidth=None, maxheight=None):
    """Width and height of the embed iframe, keeping the player 16:9 within the given bounds."""
    width = DEFAULT_WIDTH
    if maxwidth:
        width = min(width, maxwidth)
    if maxheight:
        width = min(width, math.floor((maxheight - BAR_HEIGHT) * 16 / 9))
    width = max(width, MIN_WIDTH)
    height = math.ceil(width * 9 / 16) + BAR_HEIGHT
    return width, height


@dataclass(frozen=True)
class Player:
    html: str
    origin: str
    host_name: str


def origin_of(url):
    """The origin of a player address, safe to write in a CSP header, or "" if it has none."""
    parts = urlsplit(url)
    try:
        return normalise_origin(f"{parts.scheme}://{parts.netloc}")
    except (ValidationError, ValueError):
        return ""


def player_address(url):
    """The player address a rule gives for ``url`` and the host's name, or (None, None)."""
    for rule in getattr(settings, "COMCEP_VIDEO_PLAYER_RULES", []):
        match = re.match(rule["pattern"], url)
        if match:
            return rule["player"].format(**match.groupdict()), rule.get("host_name", "")
    return None, None


def player_for(url, title):
    """The player of ``url`` (iframe markup, its origin, the host's name), or None if unknown."""
    if not url:
        return None
    src, host_name = player_address(url)
    if src:
        html = format_html(
            '<iframe src="{}" title="{}" allow="fullscreen; picture-in-picture" '
            "allowfullscreen></iframe>",
            src,
            title,
        )
        return Player(html=html, origin=origin_of(src), host_name=host_name)
    try:
        embed = get_embed(url)
    except EmbedException:
        return None
    found = IFRAME_SRC.search(embed.html or "")
    if not found:
        return None
    # Give the provider's iframe a meaningful title when it has none.
    html = re.sub(
        r"<iframe(?![^>]*\stitle=)", f'<iframe title="{escape(title)}"', embed.html, count=1
    )
    return Player(
        html=html,
        origin=origin_of(found.group(1)),
        host_name=embed.provider_name or urlsplit(url).hostname or "",
    )
