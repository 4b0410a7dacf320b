"""Which portal pages forum posts link to, and which discussions cite a page.

One small surface, used both ways:

- ``cards_for_posts(posts)``: for a list of posts, the portal pages their links lead to (title,
  kind, summary; for a video, the time the link starts at), resolved in one query for the whole
  list, never one per post;
- ``sync_citations(post)``: the ``PageCitation`` rows of a post, rewritten when it is saved;
- ``related_topics(request, page)``: the discussions the reader may see that cite ``page``.

A link counts when it leads to the portal itself: a path (``/offres/…``) or an absolute address
on the public host (``WAGTAILADMIN_BASE_URL``) or on a Wagtail site's host.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from machina.core.db.models import get_model
from wagtail.models import Page, Site

from cms.listing import visible_pages
from cms.performance.invalidation import bulk_create, citations_key
from cms.performance.shared import remember
from cms.public_urls import public_domain
from cms.videos.timecodes import parse_time, time_label

from .models import PageCitation

RELATED_TOPICS_SHOWN = 10


def time_in(url_parts):
    """The start time a link carries: ``?t=135``, ``#t=2m15s`` or ``t=2:15`` in either."""
    for part in (url_parts.query, url_parts.fragment):
        values = parse_qs(part).get("t")
        if values and (seconds := parse_time(values[0])) is not None:
            return seconds
    return None


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def hrefs_of(html):
    parser = _Links()
    parser.feed(html or "")
    return parser.hrefs


def _portal_hosts():
    hosts = {public_domain().lower()}
    for root in Site.get_site_root_paths():
        hosts.add(urlsplit(root.root_url).netloc.lower())
    return hosts


def _default_root_path():
    roots = Site.get_site_root_paths()
    return roots[0].root_path if roots else "/"


@dataclass
class PortalLink:
    """A link of a post to a portal page."""

    url_path: str
    seconds: int | None = None


@dataclass
class PageCard:
    """What a post shows under its text for a portal page it links to."""

    page: Page
    seconds: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def title(self):
        return self.page.title

    @property
    def kind(self):
        page = self.page
        if hasattr(page, "get_kind_display"):
            return page.get_kind_display()
        return str(page._meta.verbose_name).capitalize()

    @property
    def summary(self):
        page = self.page
        for name in ("summary", "description", "introduction"):
            value = getattr(page, name, "")
            if value:
                return value
        return ""

    @property
    def url(self):
        url = self.page.url
        return f"{url}?t={self.seconds}" if self.seconds is not None else url

    @property
    def is_video(self):
        return self.page.specific_class.__name__ == "VideoPage"

    @property
    def time_label(self):
        return time_label(self.seconds) if self.seconds is not None else ""


def portal_links(html, hosts=None, root_path=None):
    """The links of ``html`` that lead to the portal, as page tree paths (``/home/offres/x/``)."""
    hosts = _portal_hosts() if hosts is None else hosts
    root_path = _default_root_path() if root_path is None else root_path
    links = []
    for href in hrefs_of(html):
        try:
            parts = urlsplit(href.strip())
        except ValueError:
            continue
        if parts.scheme not in ("", "http", "https"):
            continue
        if parts.netloc and parts.netloc.lower() not in hosts:
            continue
        if not parts.path.startswith("/") or parts.path.startswith("//"):
            continue
        path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
        links.append(PortalLink(root_path + path.lstrip("/"), time_in(parts)))
    return links


def _rendered(post):
    content = post.content
    return getattr(content, "rendered", None) or str(content or "")


def pages_by_path(paths):
    """Live public pages at these tree paths, in one query (plus one a page type), by path."""
    if not paths:
        return {}
    pages = visible_pages(Page.objects.filter(url_path__in=set(paths))).specific()
    return {page.url_path: page for page in pages}


def cards_for_posts(posts):
    """``{post pk: [PageCard, …]}`` for the portal pages the posts link to, each once a post."""
    hosts, root_path = _portal_hosts(), _default_root_path()
    links = {post.pk: portal_links(_rendered(post), hosts, root_path) for post in posts}
    pages = pages_by_path([link.url_path for found in links.values() for link in found])
    cards = {}
    for post_pk, found in links.items():
        seen, post_cards = set(), []
        for link in found:
            page = pages.get(link.url_path)
            if page is None or (page.pk, link.seconds) in seen:
                continue
            seen.add((page.pk, link.seconds))
            post_cards.append(PageCard(page, link.seconds))
        cards[post_pk] = post_cards
    return cards


def sync_citations(post):
    """Rewrite the ``PageCitation`` rows of ``post`` from its links; return the pages' ids."""
    links = portal_links(_rendered(post))
    page_ids = (
        set(
            Page.objects.live()
            .filter(url_path__in={link.url_path for link in links})
            .values_list("pk", flat=True)
        )
        if links
        else set()
    )
    existing = set(PageCitation.objects.filter(post_id=post.pk).values_list("page_id", flat=True))
    if existing - page_ids:
        PageCitation.objects.filter(post_id=post.pk, page_id__in=existing - page_ids).delete()
    bulk_create(
        PageCitation,
        [PageCitation(post_id=post.pk, page_id=pk) for pk in page_ids - existing],
        ignore_conflicts=True,
    )
    return page_ids


def _handler(request):
    return getattr(request, "forum_permission_handler", None)


def is_cited(page_pk):
    """Whether any post cites the page ``page_pk`` (most pages: none), kept under the version of
    its citations, which each citation written or deleted bumps."""
    return remember(
        f"cited:{page_pk}",
        lambda: PageCitation.objects.filter(page_id=page_pk).exists(),
        keys=(citations_key(page_pk),),
    )


def related_topics(request, page, limit=RELATED_TOPICS_SHOWN):
    """The discussions ``request.user`` may see with a visible post that cites ``page``."""
    if not is_cited(page.pk):
        return []
    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    handler = _handler(request)
    citing = (
        Post.objects.visible_to(request.user, handler)
        .filter(page_citations__page_id=page.pk)
        .values("topic_id")
    )
    return list(
        Topic.objects.visible_to(request.user, handler)
        .filter(approved=True, pk__in=citing)
        .select_related("forum")
        .order_by("-last_post_on", "-pk")[:limit]
    )


def citation_keys(citation):
    """The version keys a citation's write touches: the "Discussions liées" of its page."""
    return {citations_key(citation.page_id)}


def cited_pages_keys(topic_pk):
    """The version keys a write in a topic also touches: those of the pages its posts cite."""
    pages = PageCitation.objects.filter(post__topic_id=topic_pk).values_list("page_id", flat=True)
    return {citations_key(page_pk) for page_pk in pages}


def visible_topic_url(request, topic_id):
    """The address of a topic if ``request.user`` may see it, else ""."""
    if topic_id is None:
        return ""
    Topic = get_model("forum_conversation", "Topic")
    topic = (
        Topic.objects.visible_to(request.user, _handler(request))
        .filter(pk=topic_id)
        .select_related("forum")
        .first()
    )
    return topic.get_absolute_url() if topic is not None else ""
