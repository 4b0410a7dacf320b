"""One search over pages and forum discussions, through Wagtail's search framework.

Two indexed roots answer a query: Wagtail pages and forum posts. Each is asked for its best
``MATCH_LIMIT`` matches (ids in relevance order); the database then keeps only what the person may
read — live public pages, posts through ``visible_posts`` — and what the chosen facets allow. The
two ranked lists are merged by reciprocal rank fusion (their scores differ), a discussion
appears once (its best-matching post), and only the requested page of results is loaded.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.news.models import NewsPage
from cms.offers.models import OfferPage
from cms.performance.pages import private_q
from cms.standard.models import StandardPage
from cms.structures.models import StructurePage
from cms.toolbox.models import ToolPage
from cms.videos.models import VideoPage
from community.forum_conversation.selectors import visible_posts

from .backend import MATCH_LIMIT, matching_ids

Post = get_model("forum_conversation", "Post")

# Longest query answered (longer ones are cut); MATCH_LIMIT: matches taken from each index.
MAX_QUERY_LENGTH = 200
__all__ = ["MATCH_LIMIT", "matching_ids", "search_everything", "load_objects"]
# Reciprocal rank fusion: a result's score is the sum over lists of 1 / (RRF_K + rank).
RRF_K = 60

PAGE_TYPES = {
    "offre": (OfferPage, _("Offer")),
    "structure": (StructurePage, _("Structure")),
    "actualite": (NewsPage, _("News item")),
    "video": (VideoPage, _("Video")),
    "outil": (ToolPage, _("Tool")),
    "page": (StandardPage, _("Page")),
}
DISCUSSION = "discussion"
TYPE_LABELS = {name: label for name, (_model, label) in PAGE_TYPES.items()} | {
    DISCUSSION: _("Discussion")
}
# Page types that carry themes, and those that apply to regions (discussions have no region).
THEMED_PAGES = (OfferPage, NewsPage, VideoPage, ToolPage)


@dataclass
class Hit:
    kind: str
    pk: int
    rank: int
    date: datetime | None
    score: float = 0.0
    obj: object = None


@dataclass
class SearchOutcome:
    hits: list = field(default_factory=list)
    type_counts: dict = field(default_factory=dict)

    @property
    def total(self):
        return len(self.hits)


def normalise_query(text):
    """The query as searched: white space folded, cut to ``MAX_QUERY_LENGTH`` characters."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH].strip()


def page_hits(query, types, theme=None, region=None):
    """Live public pages of ``types`` matching ``query`` and the facets, in relevance order."""
    ids = matching_ids(query, Page.objects.live())
    if not ids:
        return []
    rank = {pk: position for position, pk in enumerate(ids)}
    models = [PAGE_TYPES[name][0] for name in types]
    pages = Page.objects.live().exclude(private_q()).filter(pk__in=ids).exact_type(*models)
    if theme is not None:
        themed = Q()
        for model in THEMED_PAGES:
            themed |= Q(pk__in=model.objects.filter(themes=theme).values("pk"))
        pages = pages.filter(themed)
    if region is not None:
        pages = pages.filter(
            Q(pk__in=OfferPage.objects.for_region(region).values("pk"))
            | Q(pk__in=StructurePage.objects.filter(regions=region).values("pk"))
        )
    kind_of = {
        ContentType.objects.get_for_model(model).pk: name
        for name, (model, _label) in PAGE_TYPES.items()
    }
    return [
        Hit(kind_of.get(content_type_id, "page"), pk, rank[pk], published)
        for pk, content_type_id, published in pages.values_list(
            "pk", "content_type_id", "last_published_at"
        )
    ]


def discussion_hits(request, query, theme=None, resolved=False):
    """The best-matching readable post of each discussion matching ``query``, best first.

    ``resolved``: only the discussions whose answer was validated.
    """
    ids = matching_ids(query, Post.objects.all())
    if not ids:
        return []
    rank = {pk: position for position, pk in enumerate(ids)}
    posts = visible_posts(request, Post.objects.filter(pk__in=ids))
    if theme is not None:
        posts = posts.filter(topic__themes=theme)
    if resolved:
        posts = posts.filter(topic__validated_post__isnull=False)
    best = {}
    for pk, topic_id, created in posts.values_list("pk", "topic_id", "created"):
        hit = Hit(DISCUSSION, pk, rank[pk], created)
        if topic_id not in best or hit.rank < best[topic_id].rank:
            best[topic_id] = hit
    return list(best.values())


def search_everything(
    request, query, types=(), theme=None, region=None, sort="relevance", resolved=False
):
    """The readable results for ``query`` (all of them, as light ``Hit``s, sorted).

    ``resolved``: only discussions, and only those whose answer was validated.
    """
    query = normalise_query(query)
    outcome = SearchOutcome()
    if not query:
        return outcome
    wanted = {DISCUSSION} if resolved else set(types) or set(TYPE_LABELS)
    page_types = [name for name in PAGE_TYPES if name in wanted]
    lists = []
    if page_types:
        lists.append(page_hits(query, page_types, theme, region))
    if DISCUSSION in wanted and region is None:
        lists.append(discussion_hits(request, query, theme, resolved))
    for hits in lists:
        for position, hit in enumerate(sorted(hits, key=lambda h: h.rank)):
            hit.score = 1 / (RRF_K + position + 1)
            outcome.hits.append(hit)
            outcome.type_counts[hit.kind] = outcome.type_counts.get(hit.kind, 0) + 1
    oldest = timezone.make_aware(datetime.combine(datetime.min.date(), time.min))
    if sort == "recent":
        outcome.hits.sort(key=lambda h: (h.date or oldest, h.pk), reverse=True)
    else:
        outcome.hits.sort(key=lambda h: (-h.score, h.kind, h.pk))
    return outcome


def load_objects(hits):
    """Attach each hit's page or post (a few queries, whatever the number of hits)."""
    page_ids = [hit.pk for hit in hits if hit.kind != DISCUSSION]
    post_ids = [hit.pk for hit in hits if hit.kind == DISCUSSION]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    posts = (
        Post.objects.filter(pk__in=post_ids)
        .select_related("topic", "topic__forum", "poster")
        .in_bulk()
        if post_ids
        else {}
    )
    for hit in hits:
        hit.obj = posts.get(hit.pk) if hit.kind == DISCUSSION else pages.get(hit.pk)
    return [hit for hit in hits if hit.obj is not None]
