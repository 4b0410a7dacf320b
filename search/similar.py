"""Questions that may already have an answer: the forum topics and fiches like a new question.

The new-topic form asks :func:`suggestions` about the subject being typed (as it is typed, and
with its "Vérifier" button without JavaScript). The subject's significant words, each with its
variants (``search.synonyms.expand_query``: folded, acronyms and their expansions), are compared
with the words of each topic's subject, stemmed the same way (French Snowball; PostgreSQL's
``comcep_french`` configuration stems with the same algorithm after the same folding). A topic's
score is the share of the question's words its subject has (a word found through a variant counts
the same), with a little more weight for the rarer words of the question among the candidates.

Topics are read only through the visibility surface, approved ones only
(``Topic.objects.visible_to``; on PostgreSQL its SQL form, ``ForumAccess.approved_topics_sql``,
with the rubric ids computed once per member and permissions version): a pending topic, or one in
a rubric the member may not read (the pilot rubric for a non-member), is never a candidate. The
validated answer shown is read through ``Post.objects.visible_to`` as well.

Cost: on PostgreSQL the topics are matched and scored by the database, in one query that returns
the best five with their rubric's name (``ranked_topics_sql``): the subjects' words are stored in a
generated column with a GIN index (migration ``site_search.0010``; computing them for each row
read cost up to 100 ms at 20,000 topics), each of the question's words is a tsquery (its stems
and their variants' as prefixes), and every visible subject having one of the words is scored,
with the same weights as here. On SQLite, which has no such index, every visible subject is
scored in Python (fine at the scale of a ``make run`` database). The fiches (live public offers,
questions and answers, tools) are matched on their titles through an index of their titles' stems
kept in each process under the public content's version number (rebuilt after any change of the
pages): each word's fiches are sets of ids, scored without reading a title again.
"""

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.listing import visible_pages
from cms.offers.models import OfferPage
from cms.performance.invalidation import CONTENT, read_versions
from cms.questions.models import QuestionAnswerPage
from cms.toolbox.models import ToolPage
from community.forum_conversation.visibility import ForumAccess

from .highlight import fold
from .synonyms import STOPWORDS, WORD, expand_words, french_stemmer, stem, words

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

MAX_TOPICS = 5
MAX_FICHES = 3
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
SUBJECT_WORDS = "subject_words"


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
    stemmer = french_stemmer()
    if stemmer is not None:
        stems.add(fold(stemmer.stemWord(word)))
    return frozenset(stems)


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
    """A suggested topic: what the list shows of it (not a model instance)."""

    pk: int
    subject: str
    forum_name: str
    score: float
    answer_start: str = ""

    @property
    def is_resolved(self):
        return bool(self.answer_start)


@dataclass
class Fiche:
    title: str
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
    having = [set() for _group in groups]
    for pk, subject, *_rest in rows:
        analysed = analyse_subject(subject)
        for group, found in zip(groups, having, strict=True):
            if group.matches(analysed):
                found.add(pk)
    return score_sets(having)


def score_sets(having):
    """{id: share of the question's words found} for the ids of ``having`` (for each word of the
    question, the ids of the subjects or titles that have it), for those above the threshold.
    ``ranked_topics_sql`` is the same in SQL."""
    if not having:
        return {}
    # The rarer a word among the subjects that have one of the question's words, the more it says
    # (a smoothed inverse frequency).
    total = len(set().union(*having)) + 1
    weights = [1 + math.log(total / (1 + len(found))) for found in having]
    full = sum(weights)
    found_weights = {}
    for weight, found in zip(weights, having, strict=True):
        for pk in found:
            found_weights[pk] = found_weights.get(pk, 0) + weight
    needed = needed_share(len(having)) - 1e-9
    return {pk: kept / full for pk, kept in found_weights.items() if kept / full >= needed}


def needed_share(word_count):
    """The share of the question's words a subject must have (all of them for one word)."""
    return 1.0 if word_count == 1 else MIN_SHARE


def visible_approved_topics(request):
    handler = getattr(request, "forum_permission_handler", None)
    return Topic.objects.visible_to(request.user, handler).filter(approved=True)


def _quoted(stem_text):
    """A stem as a tsquery lexeme (quoted: any character is a character)."""
    return "'{}'".format(stem_text.replace("'", "''").replace("\\", "\\\\"))


def _alternatives(part):
    """What matches a part in PostgreSQL's words: each of its stems, as a prefix from four letters
    (a longer word of the family). Unlike ``part_matches``, a shorter word of the family is not
    looked for: each of its beginnings would be one more entry for the index to search (enough of
    them and PostgreSQL reads the whole table instead), for no gain on the similar-questions set."""
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


def ranked_topics_sql(db, access, groups, limit):
    """PostgreSQL: (id, subject, validated post id, rubric name, score) of the best ``limit``
    approved topics ``access`` may see, for ``groups``; best first, then those with a validated
    answer, then the newest. One query: the subjects' GIN index finds the visible topics having
    one of the question's words, each word's tsquery is evaluated once per row, and they are
    scored as ``score_sets`` does; only the best are joined to their subject and rubric."""
    if not access.readable:
        return []
    queries = [_tsquery_text(group) for group in groups]
    visible, visible_params = access.approved_topics_sql("topic")
    numbers = range(len(queries))
    flags = ", ".join(
        f"(topic.{SUBJECT_WORDS} @@ to_tsquery('simple', %s))::int AS f{number}"
        for number in numbers
    )
    weights = ", ".join(
        f"1 + ln((count(*) + 1)::float8 / (1 + sum(f{number}))) AS w{number}" for number in numbers
    )
    share = "({}) / ({})".format(
        " + ".join(f"w{number} * f{number}" for number in numbers),
        " + ".join(f"w{number}" for number in numbers),
    )
    # Constant SQL: the tsquery texts, rubric ids, threshold and limit are parameters.
    sql = f"""
        WITH matched AS (
            SELECT topic.id, topic.forum_id, topic.validated_post_id, {flags}
            FROM {Topic._meta.db_table} topic
            WHERE {visible} AND topic.{SUBJECT_WORDS} @@ to_tsquery('simple', %s)
        ),
        weights AS (SELECT {weights} FROM matched),
        best AS (
            SELECT matched.id, matched.forum_id, matched.validated_post_id, {share} AS score
            FROM matched CROSS JOIN weights
            WHERE {share} >= %s
            ORDER BY score DESC, matched.validated_post_id IS NULL, matched.id DESC
            LIMIT %s
        )
        SELECT best.id, topic.subject, best.validated_post_id, forum.name, best.score
        FROM best
        JOIN {Topic._meta.db_table} topic ON topic.id = best.id
        JOIN {Forum._meta.db_table} forum ON forum.id = best.forum_id
        ORDER BY best.score DESC, best.validated_post_id IS NULL, best.id DESC
    """  # noqa: S608
    params = [*queries, *visible_params, " | ".join(queries)]
    params += [needed_share(len(groups)) - 1e-9, limit]
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def ranked_topics_python(request, groups, limit):
    """``ranked_topics_sql`` elsewhere: every visible approved subject scored here."""
    rows = visible_approved_topics(request).values_list(
        "pk", "subject", "validated_post_id", "forum__name"
    )
    rows = {row[0]: row for row in rows}
    scores = score_subjects(groups, rows.values())
    best = sorted(scores, key=lambda pk: (-scores[pk], not rows[pk][2], -pk))[:limit]
    return [(*rows[pk], scores[pk]) for pk in best]


def similar_topics(request, text, synonyms=True, limit=MAX_TOPICS, groups=None):
    """Up to ``limit`` visible topics like ``text``, best first, then the resolved ones first
    (``groups``: the question's words, when the caller already has them)."""
    groups = question_groups(text, synonyms) if groups is None else groups
    if not groups:
        return []
    db = Topic.objects.db
    if connections[db].vendor == "postgresql":
        handler = getattr(request, "forum_permission_handler", None)
        access = ForumAccess.for_user(request.user, handler)
        ranked = ranked_topics_sql(db, access, groups, limit)
    else:
        ranked = ranked_topics_python(request, groups, limit)
    answers = validated_answer_starts(request, [row[2] for row in ranked])
    found = [
        SimilarTopic(pk, subject, forum_name, score, answers.get(post_id, ""))
        for pk, subject, post_id, forum_name, score in ranked
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
    """The live public fiches (what a suggestion shows of each: title, content type, path), and
    for each stem of their titles' words the fiches that have it."""

    fiches: dict
    by_stem: dict
    stems: list  # sorted, for the stems that begin with a given one

    @classmethod
    def build(cls, rows):
        """``rows`` of (id, title, content type id, url_path)."""
        by_stem = {}
        for pk, title, *_rest in rows:
            for found in analyse_subject(title)[0]:
                by_stem.setdefault(found, set()).add(pk)
        return cls({pk: rest for pk, *rest in rows}, by_stem, sorted(by_stem))

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

    def matching(self, group):
        """The fiches whose title has ``group``'s word (all the parts of one of its variants):
        ``Group.matches`` by set operations."""
        ids = set()
        for variant in group.variants:
            parts = [set().union(*(self.having(accepted) for accepted in part)) for part in variant]
            ids |= set.intersection(*parts) if parts else set()
        return ids


def fiche_titles(pages):
    """The :class:`TitleIndex` of the queryset ``pages()`` returns, built once per process and
    content version (``pages`` is called only then)."""
    db = Page.objects.db
    versions = tuple(sorted(read_versions((CONTENT,)).items()))
    kept = _fiche_titles.get(db)
    if kept is None or kept[0] != versions:
        rows = pages().values_list("pk", "title", "content_type_id", "url_path")
        kept = (versions, TitleIndex.build(list(rows)))
        _fiche_titles[db] = kept
    return kept[1]


def similar_fiches(request, text, synonyms=True, limit=MAX_FICHES, groups=None):
    """Up to ``limit`` live public fiches (offers, questions and answers, tools) whose title is
    like ``text``, scored as the topics' subjects are (``groups`` as for ``similar_topics``)."""
    groups = question_groups(text, synonyms) if groups is None else groups
    if not groups:
        return []
    kinds = {OfferPage: "offer", QuestionAnswerPage: "question", ToolPage: "tool"}
    # The live public fiches are read only when the index of their titles is built.
    index = fiche_titles(lambda: visible_pages(Page.objects.type(*kinds)))
    scores = score_sets([index.matching(group) for group in groups])
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:limit]
    return [fiche(request, pk, *index.fiches[pk], kinds) for pk in best]


def fiche(request, pk, title, content_type_id, url_path, kinds):
    """A suggested fiche from what the index keeps of it, without reading the page again: its
    address is the one of the page as ``Page.objects`` reads it (not its specific type)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    url = Page(pk=pk, title=title, url_path=url_path).get_url(request)
    return Fiche(title, fiche_label(model, kinds), url)


def fiche_label(model, kinds):
    labels = {"offer": _("Offer"), "question": _("Question and answer"), "tool": _("Tool")}
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
