"""One search over pages and forum discussions, through Wagtail's search framework.

Two indexed roots answer a query: Wagtail pages and forum posts. Each is asked for its best
``SEARCH_LIMIT`` matches (ids in relevance order; when more match, they are ranked among a bounded
set of candidates, see ``search.backend.postgres_matches``, and the page says that its counts are
lower bounds); the database then keeps only what the person may read — live public pages, posts
through ``visible_posts`` — and what the chosen facets allow. The two ranked lists are merged by
reciprocal rank fusion (their scores differ), a discussion appears once (its best-matching post),
and only the requested page of results is loaded.

Relevance counsellors expect (search/relevance.py measures it):
- each word matches itself or one of its synonyms (search/synonyms.py, kept by editors);
- fiches before chatter: in the fusion a page weighs more than a post, a validated answer more
  than a question, a question more than a plain reply, and a reply of a few words ("Merci !",
  "+1") hardly counts (a discussion is then shown by a better post, if one matches);
- no dead end: when all the words together find nothing, a misspelt word is corrected from the
  site's own words (the results of the correction are shown), else the results matching part of
  the words are, and the page says so.
"""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.listing import visible_pages
from cms.taxonomies.mixins import applies_in
from community.forum_conversation.selectors import visible_posts

from .backend import MATCH_LIMIT, matching_ids, ranked_matches, with_ids
from .page_types import (
    DISCUSSION,
    PAGE_TYPES,
    REGIONAL_PAGES,
    THEMED_PAGES,
    TYPE_LABELS,
    summary_fields,
)
from .query import partial_query, search_query, word_count
from .spelling import suggest_spelling
from .synonyms import expand_query, stem, words

Post = get_model("forum_conversation", "Post")

# Longest query answered (longer ones are cut).
MAX_QUERY_LENGTH = 200
__all__ = ["MATCH_LIMIT", "matching_ids", "search_everything", "load_objects"]
# Reciprocal rank fusion: a result's score is its list's weight / (RRF_K + its rank in the list).
# A small constant: the first results of each list stand apart from the next ones.
RRF_K = 5
# Fiches before chatter: the weight of a page, and of a post by what it is (the best post of a
# discussion stands for it). With these, the best discussion comes after the fifth page, or
# after the second when its validated answer matches.
PAGE_WEIGHT = 1.0
VALIDATED_ANSWER_WEIGHT = 0.75
QUESTION_WEIGHT = 0.55
REPLY_WEIGHT = 0.4
# A reply of a few words ("Merci, je note !", "+1"): shorter than this, in characters.
SHORT_REPLY_LENGTH = 80
SHORT_REPLY_WEIGHT = 0.02
# Matches ranked per index and query: more than anyone pages through (25 pages of results), and
# a bounded cost at any scale. Past it the counts shown are lower bounds ("Au moins …").
SEARCH_LIMIT = 500


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

    # No dead end: ``partial`` when the hits match only part of the words (none matched them
    # all); ``corrected``: the misspelt query's correction whose results these are;
    # ``suggestion``: a correction to propose.
    partial: bool = False
    corrected: str = ""
    suggestion: str = ""

    @property
    def total(self):
        return len(self.hits)

    @property
    def full_matches(self):
        """How many results match the query as typed (for the zero-result report)."""
        return 0 if self.partial or self.corrected else self.total

    @property
    def complete(self):
        return not self.capped_kinds


def normalise_query(text):
    """The query as searched: white space folded, cut to ``MAX_QUERY_LENGTH`` characters."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH].strip()


def title_coverage(title, terms):
    """The share of the query's words (``terms``: each word's variants, ``expand_query``) that
    ``title`` holds, one variant or another (stemmed words compared)."""
    if not terms:
        return 0
    title_stems = {stem(word) for word in words(title)}
    found = sum(
        any(all(stem(word) in title_stems for word in variant.split()) for variant in variants)
        for variants in terms
    )
    return found / len(terms)


def page_hits(query, types, theme=None, region=None, dated=False, terms=None):
    """Live public pages of ``types`` matching ``query`` (a text, or a query of search/query.py)
    and the facets, in relevance order, scored for the fusion, and whether all the matching pages
    were ranked. ``dated``: read each page's date.

    ``terms``: the query's words and their variants (``expand_query``): a page whose title names
    more of them comes first (the fiche named after what is looked for), then by the index's
    rank."""
    models = [PAGE_TYPES[name][0] for name in types]
    # Only the asked types are ranked: offers never take the place of the structures asked for.
    matches = ranked_matches(query, Page.objects.live(), SEARCH_LIMIT, models=models)
    ids = matches.ids
    if not ids:
        return [], matches.complete
    rank = {pk: position for position, pk in enumerate(ids)}
    pages = with_ids(visible_pages(Page.objects.all()), ids).exact_type(*models).order_by()
    if theme is not None:
        themed = Q()
        for model in THEMED_PAGES:
            themed |= Q(pk__in=model.objects.filter(themes=theme).values("pk"))
        pages = pages.filter(themed)
    if region is not None:
        # The region rule of the catalogue (cms/taxonomies): national offers apply everywhere.
        regional = Q()
        for model in REGIONAL_PAGES:
            regional |= Q(pk__in=model.objects.filter(applies_in(model, region)).values("pk"))
        pages = pages.filter(regional)
    kind_of = {
        ContentType.objects.get_for_model(model).pk: name
        for name, (model, _label) in PAGE_TYPES.items()
    }
    fields = ("pk", "content_type_id", "title", "last_published_at")
    hits, coverage = [], {}
    for pk, content_type_id, title, *published in pages.values_list(*fields[: 4 if dated else 3]):
        kind = kind_of.get(content_type_id, "page")
        hits.append(Hit(kind, pk, rank[pk], published[0] if published else None))
        coverage[pk] = title_coverage(title, terms)
    hits.sort(key=lambda hit: (-coverage[hit.pk], hit.rank))
    for position, hit in enumerate(hits):
        hit.score = PAGE_WEIGHT / (RRF_K + position + 1)
    return hits, matches.complete


def post_weight(pk, validated_post_id, first_post_id, length):
    """How much a post weighs in the fusion, by what it is (see ``PAGE_WEIGHT``)."""
    if pk == validated_post_id:
        return VALIDATED_ANSWER_WEIGHT
    if pk == first_post_id:
        return QUESTION_WEIGHT
    if (length or 0) < SHORT_REPLY_LENGTH:
        return SHORT_REPLY_WEIGHT
    return REPLY_WEIGHT


def discussion_hits(request, query, theme=None, resolved=False, dated=False):
    """The best post of each discussion matching ``query``, best first (its rank among posts
    weighed by what it is: ``post_weight``).

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
    fields = ("topic__validated_post_id", "topic__first_post_id", "length", "created")
    rows = posts.annotate(length=Length("content")).values_list(
        "pk", "topic_id", *fields[: 4 if dated else 3]
    )
    rows = sorted(rows, key=lambda row: rank[row[0]])
    weights, shown = {}, {}
    for position, (pk, topic_id, validated_id, first_id, length, *created) in enumerate(rows):
        weight = post_weight(pk, validated_id, first_id, length)
        score = weight / (RRF_K + position + 1)
        hit = Hit(DISCUSSION, pk, rank[pk], created[0] if created else None, score)
        if topic_id not in best or score > best[topic_id].score:
            best[topic_id] = hit
        weights[topic_id] = max(weight, weights.get(topic_id, 0))
        # A discussion is shown by its validated answer when it matches, else by its best post.
        if pk == validated_id or (topic_id not in shown and weight > SHORT_REPLY_WEIGHT):
            shown[topic_id] = hit
    # Each discussion once, scored by its place among the discussions (as pages are).
    topics = sorted(best, key=lambda topic_id: (-best[topic_id].score, best[topic_id].rank))
    hits = []
    for position, topic_id in enumerate(topics):
        hit = shown.get(topic_id, best[topic_id])
        hit.score = weights[topic_id] / (RRF_K + position + 1)
        hits.append(hit)
    return hits, matches.complete


def search_everything(
    request, query, types=(), theme=None, region=None, sort="relevance", resolved=False
):
    """The readable results for ``query`` (all of them, as light ``Hit``s, sorted).

    ``resolved``: only discussions, and only those whose answer was validated.
    """
    query = normalise_query(query)
    if not query:
        return SearchOutcome(limit=SEARCH_LIMIT)
    facets = (request, types, theme, region, sort, resolved)
    outcome = ranked_outcome(search_query(query), *facets, terms=expand_query(query))
    if outcome.hits:
        return outcome
    # No dead end: a misspelt word corrected, else part of the words.
    suggestion = suggest_spelling(query)
    if suggestion:
        corrected = ranked_outcome(
            search_query(suggestion), *facets, terms=expand_query(suggestion)
        )
        if corrected.hits:
            corrected.corrected = corrected.suggestion = suggestion
            return corrected
    if word_count(query) > 1:
        partial = ranked_outcome(partial_query(query), *facets, terms=expand_query(query))
        if partial.hits:
            partial.partial = True
            outcome = partial
    outcome.suggestion = suggestion or ""
    return outcome


def ranked_outcome(query, request, types, theme, region, sort, resolved, terms=None):
    """The readable results of ``query`` (search/query.py), sorted (``search_everything``)."""
    outcome = SearchOutcome(limit=SEARCH_LIMIT)
    wanted = {DISCUSSION} if resolved else set(types) or set(TYPE_LABELS)
    page_types = [name for name in PAGE_TYPES if name in wanted]
    lists = []
    if page_types:
        hits, complete = page_hits(
            query, page_types, theme, region, dated=sort == "recent", terms=terms
        )
        lists.append(hits)
        if not complete:
            outcome.capped_kinds.update(page_types)
    if DISCUSSION in wanted and region is None:
        hits, complete = discussion_hits(request, query, theme, resolved, dated=sort == "recent")
        lists.append(hits)
        if not complete:
            outcome.capped_kinds.add(DISCUSSION)
    for hits in lists:
        for hit in hits:
            outcome.hits.append(hit)
            outcome.type_counts[hit.kind] = outcome.type_counts.get(hit.kind, 0) + 1
    oldest = timezone.make_aware(datetime.combine(datetime.min.date(), time.min))
    if sort == "recent":
        outcome.hits.sort(key=lambda h: (h.date or oldest, h.pk), reverse=True)
    else:
        outcome.hits.sort(key=lambda h: (-h.score, h.kind, h.pk))
    return outcome


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
        # Unordered: a dict by id needs no ORDER BY (a page type's default one costs its compiling).
        if kind == DISCUSSION:
            objects = Post.objects.select_related("topic", "topic__forum").order_by().in_bulk(ids)
        else:
            # A page hit's kind is its exact type (``page_hits``): its own table, at once, and
            # only what its card shows.
            model = PAGE_TYPES[kind][0]
            objects = model.objects.only(*card_fields(model)).order_by().in_bulk(ids)
        found.update({(kind, pk): obj for pk, obj in objects.items()})
    for hit in hits:
        hit.obj = found.get((hit.kind, hit.pk))
    return [hit for hit in hits if hit.obj is not None]
