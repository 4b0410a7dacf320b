"""Render a post's Markdown to HTML that is safe to show: an allow-list, not a block-list.

markdown2's ``safe_mode`` lets ``![x](javascript:…)`` and ``data:`` images through, so the HTML it
produces is cleaned by nh3 (ammonia): only the tags and attributes below survive, links and images
may only point to http(s) or mail addresses, and every link gets ``rel="nofollow ugc noopener"``.
Then each ``@identifiant`` of a known member becomes a link to their profile (one query a post,
see community/notifications/mentions.py).

An address pasted as is (``https://…`` or ``www.…``, as copied from the address bar) becomes a
link too (markdown2's ``link-patterns``, never inside code or an existing link), cleaned like any
other; a link to a page of the portal then shows the page's card under the post
(community/contributions/links.py), a video's with the time the address starts at.
"""

import re

import nh3
from django.utils.encoding import smart_str
from markdown2 import markdown

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"
# A bare address: up to the first space or quote, not ending with the sentence's punctuation.
BARE_URL = re.compile(r"((?:https?://|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}*_])", re.IGNORECASE)
# A link made from a bare address, whose text Markdown's emphasis may have cut (``a_b_c``).
AUTOLINK = re.compile(r'<a href="([^"<>]+)">((?:(?!</a>)[^<]|</?(?:em|strong)>)*)</a>')


def _bare_url_href(match):
    url = match.group(1)
    return url if url.lower().startswith("http") else f"https://{url}"


LINK_PATTERNS = [(BARE_URL, _bare_url_href)]
MARKDOWN_EXTRAS = {
    "break-on-newline": True,
    "demote-headers": 2,  # a post never adds an h1 or h2 to the page
    "fenced-code-blocks": None,
    "tables": None,
    "link-patterns": LINK_PATTERNS,
}


def _autolink_text(match):
    """The link's text as the address was written, when emphasis took its ``_`` or ``*``."""
    href, inner = match.groups()
    if "<" not in inner:
        return match.group(0)
    text = re.sub(r"</?(?:em|strong)>", "", inner)
    for written in (href, href.removeprefix("https://")):
        if re.sub(r"[_*]", "", written) == re.sub(r"[_*]", "", text):
            return f'<a href="{href}">{written}</a>'
    return match.group(0)


def sanitise_html(html):
    """Keep only the allowed tags, attributes and URL schemes of ``html``."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def render_markdown(text, **kwargs):
    """machina's MACHINA_MARKUP_LANGUAGE entry point: Markdown in, sanitised HTML out."""
    # Imported here: the notifications app's models import the forum's, which import this module.
    from community.notifications.mentions import link_mentions

    html = markdown(text or "", safe_mode="escape", extras=MARKDOWN_EXTRAS)
    html = AUTOLINK.sub(_autolink_text, html)
    return smart_str(link_mentions(sanitise_html(html).strip(), text))
