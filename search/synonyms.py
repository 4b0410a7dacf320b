"""The words counsellors use for the same thing: acronyms and their expansions ("CPF", "compte
personnel de formation"), word families ("créateur", "création", "créer").

Editors keep the list in the Wagtail admin (``SearchSynonym`` snippets, seeded with the domain's
acronyms by a migration). :func:`expand_query` turns a query into its significant words, each with
the variants a search should accept for it; the search over pages and posts, the catalogue's
keyword filter, the API and the suggestions all read it. The list is read once per version of the
public content (``cms.performance.shared.remember``), which saving or deleting a synonym bumps.

Everything here is folded: lower case, without accents ("CléA" → "clea").
"""

import re
from functools import lru_cache

from cms.performance.shared import remember

from .highlight import fold
from .models import SearchSynonym

# French words that say nothing about what is looked for (folded, as compared).
_STOPWORDS_TEXT = """
    a ai aie au aux avec ce ces cet cette comme d dans de des du elle elles en est et etc eux il
    ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ou
    par pas peu pour qu que quel quelle quelles quels qui s sa sans se ses si son sur t ta te tes
    toi ton tu un une vos votre vous y sont ete etre avoir ont peut puis quoi dont
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def french_stemmer():
    """Snowball's French stemmer, or None without it."""
    try:
        # Imported here: without the package, search still works, unstemmed.
        import snowballstemmer
    except ImportError:  # pragma: no cover -- a dependency of the project
        return None
    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=20000)
def stem(word):
    """The French stem of a folded ``word`` ("formations" → "format"), or the word itself."""
    stemmer = french_stemmer()
    return stemmer.stemWord(word) if stemmer is not None else word


def words(text):
    """The folded words of ``text`` worth searching: no stop word, no single letter (but digits:
    "+1" is the word "1")."""
    return [
        word
        for word in WORD.findall(fold(text or ""))
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit())
    ]


def _phrase(text):
    return tuple(words(text))


def build_groups(rows):
    """The groups of equivalent phrases from ``(term, equivalents)`` rows: a tuple per group, of
    phrases (tuples of folded words)."""
    groups = []
    for term, equivalents in rows:
        members = [_phrase(term)]
        members += [_phrase(part) for part in re.split(r"[,;\n]", equivalents or "")]
        members = list(dict.fromkeys(member for member in members if member))
        if len(members) > 1:
            groups.append(tuple(members))
    return tuple(groups)


def synonym_groups():
    """The editors' groups of equivalent phrases, from the shared cache."""
    return remember(
        "search-synonyms",
        lambda: build_groups(SearchSynonym.objects.values_list("term", "equivalents")),
    )


@lru_cache(maxsize=8)
def _lookup(groups):
    """Each group's index by the stem of its one-word members, and its phrases of several words."""
    by_stem, phrases = {}, []
    for number, group in enumerate(groups):
        for member in group:
            if len(member) == 1:
                by_stem.setdefault(stem(member[0]), set()).add(number)
            else:
                phrases.append((tuple(stem(word) for word in member), number, member))
    return by_stem, phrases


def expand_words(query_words, groups=None):
    """:func:`expand_query` for words already folded and filtered (:func:`words`)."""
    groups = synonym_groups() if groups is None else groups
    by_stem, phrases = _lookup(groups)
    stems = [stem(word) for word in query_words]
    variants = [{word} for word in query_words]
    for position, word_stem in enumerate(stems):
        for number in by_stem.get(word_stem, ()):
            variants[position].update(" ".join(member) for member in groups[number])
    for phrase_stems, number, member in phrases:
        size = len(phrase_stems)
        for start in range(len(stems) - size + 1):
            if tuple(stems[start : start + size]) == phrase_stems:
                others = {" ".join(m) for m in groups[number] if m != member}
                for position in range(start, start + size):
                    variants[position].update(others)
    return variants


def expand_query(text):
    """For each significant word of ``text`` (folded, stop words left out), the set of what a
    search should accept for it: the word itself, and the equivalents the editors listed for it.

    A variant with spaces is a phrase (all its words together, e.g. "compte personnel formation"
    for "cpf"); the words of a phrase found in the query each accept the phrase's other forms (in
    "projet de transition professionnelle", each of "projet", "transition", "professionnelle"
    also accepts "ptp").

    >>> expand_query("CPF formations")  # doctest: +SKIP
    [{"cpf", "compte personnel formation", "mon compte formation"}, {"formations", "formation",
    "former"}]
    """
    return expand_words(words(text))
