"""Questions that may already have an answer: the forum topics and fiches like a new question.

The new-topic form asks :func:`suggestions` about the subject being typed (as it is typed, and
with its "Vérifier" button without JavaScript). The subject's significant words, each with its
variants (``search.synonyms.expand_query``: folded, acronyms and their expansions), are compared
with the words of each topic's subject, stemmed the same way (French Snowball; PostgreSQL's
``comcep_french`` configuration stems with the same algorithm after the same folding). A topic's
score is the share of the question's words its subject has (a word found through a variant counts
the same), with a little more weight for the rarer words of the question among the candidates.

Topics are read only through the visibility surface (``Topic.objects.visible_to``), approved
ones only: a pending topic, or one in a rubric the member may not read (the pilot rubric for a
non-member), is never a candidate. The validated answer shown is read through
``Post.objects.visible_to`` as well.

Cost: on PostgreSQL the candidates come from the subjects' words, stored in a generated column
with a GIN index (migration ``site_search.0010``; computing them for each row read cost up to
100 ms at 20,000 topics): in one query, the topics whose subject has at least two of the
question's words, then, when fewer than five were found, those with one; at most ``CANDIDATES``
of each, scored here (each word's variants compared as sets).
On SQLite, which has no such index, every visible subject is scored (fine at the scale of a
``make run`` database). The fiches (live public offers, questions and answers, tools) are matched
on their titles, the same way, through an index of their titles' stems kept in each process under
the public content's version number (rebuilt after any change of the pages).
"""

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db import connections
from django.db.models import BooleanField, F, IntegerField
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from django.utils.text import Truncator
from machina.core.db.models import get_model

from .highlight import fold
from .synonyms import STOPWORDS, WORD, expand_words, stem, words

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

MAX_TOPICS = 5
MAX_FICHES = 3
# Candidates read per pass on PostgreSQL (the most recent first).
CANDIDATES = 200
# Longest subject considered (the form's own limit is lower) and most words kept from it.
MAX_TEXT = 300
MAX_WORDS = 8
# A topic is suggested when its subject has at least this share of the question's words (or all
# of them when the question has one significant word).
MIN_SHARE = 0.25
# Words of a question that do not say what it is about (folded), besides the search's stop words.
QUESTION_WORDS = frozenset(
    [
        "comment",
        "combien",
        "pourquoi",
        "quand",
        "quoi",
        "faire",
        "fait",
        "faut",
        "chez",
        "deja",
        "dois",
        "doit",
        "peux",
        "ca",
        "cela",
        "ceci",
        "existe",
        "toujours",
        "encore",
        "svp",
        "merci",
        "bonjour",
        "question",
        "besoin",
        "aide",
    ]
)
ANSWER_START = 220
SEARCH_CONFIG = "comcep_french"
# On PostgreSQL, each topic's subject words (``to_tsvector`` with ``SEARCH_CONFIG``), stored in a
# generated column with a GIN index (migration ``site_search.0010``).
SUBJECT_WORDS = "forum_conversation_topic.subject_words"


@dataclass
class Group:
    """One significant word of the question and its variants (an acronym's expansion, a word of
    the same family…). A variant is a tuple of parts, one per word; a part is the set of stems
    accepted for that word. A variant matches a subject that has all its parts."""

    word: str
    variants: list

    @cached_property
    def _checks(self):
        """Each variant as (stems accepted, their beginnings of four letters or more) per part:
        ``part_matches`` as set operations."""
        return [
            [(frozenset(part), frozenset(_beginnings(part))) for part in variant]
            for variant in self.variants
        ]

    def matches(self, analysed):
        stems, beginnings = analysed
        return any(
            all(
                not accepted.isdisjoint(stems)
                or not accepted.isdisjoint(beginnings)
                or not shorter.isdisjoint(stems)
                for accepted, shorter in variant
            )
            for variant in self._checks
        )


def _beginnings(stems):
    """The beginnings of four letters or more of ``stems``, shorter than each."""
    return {found[:size] for found in stems for size in range(4, len(found))}


def stems_match(one, other):
    """Two stems match when equal, or when one begins with the other and has four letters or more
    (a word and its family: "mobilis" and "mobilise", "format" and "formation")."""
    if one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    return len(shorter) >= 4 and longer.startswith(shorter)


def part_matches(part, analysed):
    """Whether one of the stems of ``part`` matches one of a subject's (``analysed``: its stems,
    and their beginnings of four letters or more): ``stems_match`` by set lookups."""
    stems, beginnings = analysed
    for accepted in part:
        if accepted in stems or accepted in beginnings:
            return True
        if any(accepted[:size] in stems for size in range(4, len(accepted))):
            return True
    return False


@lru_cache(maxsize=20000)
def word_stems(word):
    """The stems of a lower-case ``word``: stemmed folded (as the index does), and stemmed with
    its accents then folded (the French stemmer reads "mobilisée" better than "mobilisee")."""
    stems = {stem(fold(word))}
    stemmer = _accented_stemmer()
    if stemmer is not None:
        stems.add(fold(stemmer.stemWord(word)))
    return frozenset(stems)


@lru_cache(maxsize=1)
def _accented_stemmer():
    try:
        import snowballstemmer
    except ImportError:  # pragma: no cover -- a dependency of the project
        return None
    return snowballstemmer.stemmer("french")


def significant_words(text):
    """The words of ``text`` that say what it is about, lower case (accents kept), in order."""
    found = []
    for word in WORD.findall((text or "")[:MAX_TEXT].lower()):
        folded = fold(word)
        if folded in STOPWORDS or folded in QUESTION_WORDS:
            continue
        if len(folded) < 2 and not folded.isdigit():
            continue
        if word not in found:
            found.append(word)
    return found[:MAX_WORDS]


@dataclass
class SimilarTopic:
    topic: object
    score: float
    answer_start: str = ""

    @property
    def is_resolved(self):
        return bool(self.answer_start)


@dataclass
class Fiche:
    page: object
    kind_label: str
    url: str


@dataclass
class Suggestions:
    text: str
    topics: list = field(default_factory=list)
    fiches: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.topics) + len(self.fiches)


def question_groups(text, synonyms=True):
    """The question's significant words, each as a :class:`Group` (``synonyms=False``: each word
    alone, without the editors' equivalents)."""
    found = significant_words(text)
    folded = [fold(word) for word in found]
    expanded = expand_words(folded) if synonyms else [set() for _word in folded]
    groups = []
    for word, variants in zip(found, expanded, strict=True):
        own = (word_stems(word),)
        others = {tuple(frozenset({stem(part)}) for part in words(variant)) for variant in variants}
        others.discard(())
        others.discard((frozenset({stem(fold(word))}),))
        ordered = sorted(others, key=lambda variant: [sorted(part) for part in variant])
        groups.append(Group(fold(word), [own, *ordered]))
    return groups


@lru_cache(maxsize=50000)
def analyse_subject(subject):
    """A subject's stems, and the beginnings (four letters or more) of each (``part_matches``)."""
    stems = frozenset(
        found for word in WORD.findall((subject or "").lower()) for found in word_stems(word)
    )
    return stems, frozenset(_beginnings(stems))


def score_subjects(groups, rows):
    """``rows`` of (id, subject) scored for ``groups``: {id: share of the question's words found},
    for those above the threshold."""
    if not groups:
        return {}
    matched = {}
    for pk, subject, *_rest in rows:
        analysed = analyse_subject(subject)
        flags = [group.matches(analysed) for group in groups]
        if any(flags):
            matched[pk] = flags
    # The rarer a word among the subjects that have one of the question's words, the more it says
    # (a smoothed inverse frequency).
    total = len(matched) + 1
    weights = [
        1 + math.log(total / (1 + sum(flags[number] for flags in matched.values())))
        for number in range(len(groups))
    ]
    full = sum(weights)
    needed = 1.0 if len(groups) == 1 else MIN_SHARE
    scores = {}
    for pk, flags in matched.items():
        share = sum(weight for weight, flag in zip(weights, flags, strict=True) if flag) / full
        if share >= needed - 1e-9:
            scores[pk] = share
    return scores


def visible_approved_topics(request):
    handler = getattr(request, "forum_permission_handler", None)
    return Topic.objects.visible_to(request.user, handler).filter(approved=True)


def _quoted(stem_text):
    """A stem as a tsquery lexeme (quoted: any character is a character)."""
    return "'{}'".format(stem_text.replace("'", "''").replace("\\", "\\\\"))


def _alternatives(part):
    """What matches a part in PostgreSQL's words: each of its stems, as a prefix from four letters
    (a longer word of the family; ``part_matches`` then decides on the candidates)."""
    return sorted({_quoted(accepted) + (":*" if len(accepted) >= 4 else "") for accepted in part})


def _tsquery_text(group):
    """The group as tsquery text: any of its variants, each with all its parts, each part any of
    its stems as a prefix (the subjects' words are stemmed by PostgreSQL: "mobilise" for
    "mobilisée")."""
    variants = []
    for variant in group.variants:
        parts = ["(" + " | ".join(_alternatives(part)) + ")" for part in variant]
        variants.append("(" + " & ".join(parts) + ")")
    return "(" + " | ".join(variants) + ")"


def _words_sql(tsquery_count):
    """SQL for how many of ``tsquery_count`` tsqueries (parameters) a subject's words match."""
    match = f"({SUBJECT_WORDS} @@ to_tsquery('simple', %s))::int"
    return " + ".join([match] * tsquery_count)


def candidate_subjects(request, groups):
    """(id, subject, validated post id) of the visible topics worth scoring for ``groups``.

    On PostgreSQL: the newest ``CANDIDATES`` topics whose subject has at least two of the
    question's words, then, when fewer than ``MAX_TOPICS``, the newest ``CANDIDATES`` with one. One
    query: the subjects' GIN index finds those with any of the words, each is counted how many it
    has (stored words, each word's tsquery once per row), the two sets are the first
    ``2 * CANDIDATES`` rows by (two or more words, newest)."""
    queryset = visible_approved_topics(request)
    if connections[queryset.db].vendor != "postgresql":
        return list(queryset.values_list("pk", "subject", "validated_post_id"))
    queries = [_tsquery_text(group) for group in groups]
    # Constant SQL; the tsquery texts are parameters, parsed by PostgreSQL.
    condition = RawSQL(  # noqa: S611
        f"{SUBJECT_WORDS} @@ to_tsquery('simple', %s)",
        (" | ".join(queries),),
        output_field=BooleanField(),
    )
    several = RawSQL(  # noqa: S611
        f"LEAST({_words_sql(len(queries))}, 2)", queries, output_field=IntegerField()
    )
    # Newest first by ``id + 0``: ordered by the primary key itself, PostgreSQL would walk the
    # whole table backwards testing each subject rather than read the words' index.
    rows = list(
        queryset.filter(condition)
        .annotate(several=several, newest=F("pk") + 0)
        .order_by("-several", "-newest")
        .values_list("pk", "subject", "validated_post_id", "several")[: 2 * CANDIDATES]
    )
    found = [row[:3] for row in rows if row[3] >= 2][:CANDIDATES]
    if len(found) < MAX_TOPICS:
        found += [row[:3] for row in rows if row[3] < 2][:CANDIDATES]
    return found


def similar_topics(request, text, synonyms=True, limit=MAX_TOPICS, groups=None):
    """Up to ``limit`` visible topics like ``text``, best first, then the resolved ones first
    (``groups``: the question's words, when the caller already has them)."""
    groups = question_groups(text, synonyms) if groups is None else groups
    if not groups:
        return []
    rows = candidate_subjects(request, groups)
    scores = score_subjects(groups, rows)
    if not scores:
        return []
    # The most similar; among equals, the resolved ones, then the newest.
    resolved = {row[0] for row in rows if row[2]}
    best = sorted(scores, key=lambda pk: (-scores[pk], pk not in resolved, -pk))[:limit]
    # The candidates were read among the visible approved topics: only those are fetched again.
    topics = Topic.objects.filter(pk__in=best).select_related("forum")
    topics = {topic.pk: topic for topic in topics}
    answers = validated_answer_starts(request, [t.validated_post_id for t in topics.values()])
    found = [
        SimilarTopic(topics[pk], scores[pk], answers.get(topics[pk].validated_post_id, ""))
        for pk in best
        if pk in topics
    ]
    # Resolved first (a stable sort keeps the order of similarity within each part).
    return sorted(found, key=lambda item: not item.is_resolved)


def validated_answer_starts(request, post_ids):
    """{post id: the start of its text} for the validated answers the member may read."""
    post_ids = [pk for pk in post_ids if pk]
    if not post_ids:
        return {}
    handler = getattr(request, "forum_permission_handler", None)
    posts = Post.objects.visible_to(request.user, handler).filter(pk__in=post_ids)
    return {
        pk: Truncator(" ".join(strip_tags(rendered or raw or "").split())).chars(ANSWER_START)
        for pk, rendered, raw in posts.values_list("pk", "_content_rendered", "content")
    }


# This process's index of the fiches' titles, under the public content's version number (any
# publication, unpublication or change of a page bumps it): (version numbers, index).
_fiche_titles = {}


@dataclass
class TitleIndex:
    """The live public fiches' titles, and for each stem of their words the fiches that have it."""

    titles: dict
    by_stem: dict
    stems: list  # sorted, for the stems that begin with a given one

    @classmethod
    def build(cls, rows):
        by_stem = {}
        for pk, title in rows:
            for found in analyse_subject(title)[0]:
                by_stem.setdefault(found, set()).add(pk)
        return cls(dict(rows), by_stem, sorted(by_stem))

    def having(self, accepted):
        """The fiches whose title has a stem matching ``accepted`` (``stems_match``)."""
        found = set(self.by_stem.get(accepted, ()))
        for size in range(4, len(accepted)):
            found |= self.by_stem.get(accepted[:size], set())
        if len(accepted) >= 4:
            position = bisect_left(self.stems, accepted)
            while position < len(self.stems) and self.stems[position].startswith(accepted):
                found |= self.by_stem[self.stems[position]]
                position += 1
        return found

    def candidates(self, groups):
        """(id, title) of the fiches whose title has one of the question's words."""
        ids = set()
        for group in groups:
            for variant in group.variants:
                parts = [
                    set().union(*(self.having(accepted) for accepted in part)) for part in variant
                ]
                ids |= set.intersection(*parts) if parts else set()
        return [(pk, self.titles[pk]) for pk in ids]


def fiche_titles(pages):
    """The :class:`TitleIndex` of the queryset ``pages()`` returns, built once per process and
    content version (``pages`` is called only then)."""
    from wagtail.models import Page

    from cms.performance.invalidation import CONTENT, read_versions

    db = Page.objects.db
    versions = tuple(sorted(read_versions((CONTENT,)).items()))
    kept = _fiche_titles.get(db)
    if kept is None or kept[0] != versions:
        kept = (versions, TitleIndex.build(list(pages().values_list("pk", "title"))))
        _fiche_titles[db] = kept
    return kept[1]


def similar_fiches(request, text, synonyms=True, limit=MAX_FICHES, groups=None):
    """Up to ``limit`` live public fiches (offers, questions and answers, tools) whose title is
    like ``text``, scored as the topics' subjects are (``groups`` as for ``similar_topics``)."""
    from wagtail.models import Page

    from cms.offers.models import OfferPage
    from cms.questions.models import QuestionAnswerPage
    from cms.toolbox.models import ToolPage

    groups = question_groups(text, synonyms) if groups is None else groups
    if not groups:
        return []
    kinds = {OfferPage: "offer", QuestionAnswerPage: "question", ToolPage: "tool"}
    # The live public fiches are read only when the index of their titles is built
    # (``public()`` reads the pages' view restrictions at once).
    index = fiche_titles(lambda: Page.objects.live().public().type(*kinds))
    scores = score_subjects(groups, index.candidates(groups))
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    found = {
        page.pk: page for page in Page.objects.filter(pk__in=best).select_related("content_type")
    }
    return [
        Fiche(found[pk], fiche_label(found[pk], kinds), found[pk].get_url(request))
        for pk in best
        if pk in found
    ]


def fiche_label(page, kinds):
    from django.utils.translation import gettext as _

    labels = {"offer": _("Offer"), "question": _("Question and answer"), "tool": _("Tool")}
    model = page.content_type.model_class()
    return next((labels[kind] for cls, kind in kinds.items() if issubclass(model, cls)), "")


def suggestions(request, text, synonyms=True):
    """What the new-topic form shows for the subject ``text``."""
    text = (text or "").strip()[:MAX_TEXT]
    if len(words(text)) == 0:
        return Suggestions(text)
    groups = question_groups(text, synonyms)
    return Suggestions(
        text,
        topics=similar_topics(request, text, synonyms, groups=groups),
        fiches=similar_fiches(request, text, synonyms, groups=groups),
    )
