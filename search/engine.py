"""One search over pages and forum discussions, through Wagtail's search framework.

Two indexed roots answer a query: Wagtail pages and forum posts. Each is asked for its best
``SEARCH_LIMIT`` matches (ids in relevance order; when more match, they are ranked among a bounded
set of candidates, see ``search.backend.postgres_matches``, and the page says that its counts are
lower bounds); the database then keeps only what the person may read — live public pages, posts
through ``visible_posts`` — and what the chosen facets allow. The two ranked lists are merged by
reciprocal rank fusion (their scores differ), a discussion appears once (its best-matching post),
and only the requested page of results is loaded.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cache

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

from .backend import MATCH_LIMIT, matching_ids, ranked_matches, with_ids

Post = get_model("forum_conversation", "Post")

# Longest query answered (longer ones are cut).
MAX_QUERY_LENGTH = 200
__all__ = ["MATCH_LIMIT", "matching_ids", "search_everything", "load_objects"]
# Reciprocal rank fusion: a result's score is the sum over lists of 1 / (RRF_K + rank).
RRF_K = 60
# Matches ranked per index and query: more than anyone pages through (25 pages of results), and
# a bounded cost at any scale. Past it the counts shown are lower bounds ("Au moins …").
SEARCH_LIMIT = 500

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


@dataclass(slots=True)
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
    # The kinds whose matches were not all ranked (more match than ``SEARCH_LIMIT``): their
    # counts, and the total, are lower bounds.
    capped_kinds: set = field(default_factory=set)
    # How many matches each index ranked.
    limit: int = 0

    @property
    def total(self):
        return len(self.hits)

    @property
    def complete(self):
        return not self.capped_kinds


def normalise_query(text):
    """The query as searched: white space folded, cut to ``MAX_QUERY_LENGTH`` characters."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH].strip()


def page_hits(query, types, theme=None, region=None, dated=False):
    """Live public pages of ``types`` matching ``query`` and the facets, in relevance order,
    and whether all the matching pages were ranked. ``dated``: read each page's date."""
    models = [PAGE_TYPES[name][0] for name in types]
    # Only the asked types are ranked: offers never take the place of the structures asked for.
    matches = ranked_matches(query, Page.objects.live(), SEARCH_LIMIT, models=models)
    ids = matches.ids
    if not ids:
        return [], matches.complete
    rank = {pk: position for position, pk in enumerate(ids)}
    pages = with_ids(Page.objects.live().exclude(private_q()), ids).exact_type(*models).order_by()
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
    fields = ("pk", "content_type_id", "last_published_at")
    hits = [
        Hit(kind_of.get(content_type_id, "page"), pk, rank[pk], published[0] if published else None)
        for pk, content_type_id, *published in pages.values_list(*fields[: 3 if dated else 2])
    ]
    return hits, matches.complete


def discussion_hits(request, query, theme=None, resolved=False, dated=False):
    """The best-matching readable post of each discussion matching ``query``, best first.

    ``resolved``: only the discussions whose answer was validated. Also says whether all the
    matching posts were ranked. ``dated``: read each post's date.
    """
    matches = ranked_matches(query, Post.objects.all(), SEARCH_LIMIT)
    ids = matches.ids
    if not ids:
        return [], matches.complete
    rank = {pk: position for position, pk in enumerate(ids)}
    posts = visible_posts(request, with_ids(Post.objects.order_by(), ids))
    if theme is not None:
        posts = posts.filter(topic__themes=theme)
    if resolved:
        posts = posts.filter(topic__validated_post__isnull=False)
    best = {}
    fields = ("pk", "topic_id", "created")
    for pk, topic_id, *created in posts.values_list(*fields[: 3 if dated else 2]):
        hit = Hit(DISCUSSION, pk, rank[pk], created[0] if created else None)
        if topic_id not in best or hit.rank < best[topic_id].rank:
            best[topic_id] = hit
    return list(best.values()), matches.complete


def search_everything(
    request, query, types=(), theme=None, region=None, sort="relevance", resolved=False
):
    """The readable results for ``query`` (all of them, as light ``Hit``s, sorted).

    ``resolved``: only discussions, and only those whose answer was validated.
    """
    query = normalise_query(query)
    outcome = SearchOutcome(limit=SEARCH_LIMIT)
    if not query:
        return outcome
    wanted = {DISCUSSION} if resolved else set(types) or set(TYPE_LABELS)
    page_types = [name for name in PAGE_TYPES if name in wanted]
    lists = []
    if page_types:
        hits, complete = page_hits(query, page_types, theme, region, dated=sort == "recent")
        lists.append(hits)
        if not complete:
            outcome.capped_kinds.update(page_types)
    if DISCUSSION in wanted and region is None:
        hits, complete = discussion_hits(request, query, theme, resolved, dated=sort == "recent")
        lists.append(hits)
        if not complete:
            outcome.capped_kinds.add(DISCUSSION)
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


# The fields that may hold a page's short description (the first one filled is shown).
SUMMARY_FIELDS = ("summary", "introduction", "description", "search_description")


@cache
def summary_fields(model):
    """The fields of ``SUMMARY_FIELDS`` that ``model`` has, in that order."""
    field_names = {field.name for field in model._meta.get_fields()}
    return [name for name in SUMMARY_FIELDS if name in field_names]


def card_fields(model):
    """What a page's result card reads: its title, address, date and short description."""
    return ["title", "url_path", "last_published_at", *summary_fields(model)]


def load_objects(hits):
    """Attach each hit's page or post (one query per kind of result, whatever their number)."""
    ids_by_kind = {}
    for hit in hits:
        ids_by_kind.setdefault(hit.kind, []).append(hit.pk)
    found = {}
    for kind, ids in ids_by_kind.items():
        if kind == DISCUSSION:
            objects = Post.objects.select_related("topic", "topic__forum").in_bulk(ids)
        else:
            # A page hit's kind is its exact type (``page_hits``): its own table, at once, and
            # only what its card shows.
            model = PAGE_TYPES[kind][0]
            objects = model.objects.only(*card_fields(model)).in_bulk(ids)
        found.update({(kind, pk): obj for pk, obj in objects.items()})
    for hit in hits:
        hit.obj = found.get((hit.kind, hit.pk))
    return [hit for hit in hits if hit.obj is not None]
