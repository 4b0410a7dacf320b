"""A short extract of a result's text with the query's words marked, safe to print as HTML."""

import re
import unicodedata

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 240


def fold(text):
    """Lower case without accents: "Créateurs" → "createurs" (one character per character)."""
    # Keep one character per character so that positions map back to the original text.
    return text.translate(_FOLDED)


def fold_character(char):
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    return (base[:1] or char).lower()[:1] or char


class _FoldTable(dict):
    """``str.translate``'s table: each character's folded form, worked out once (for the
    alphabets below U+3000; any other character is folded each time, so the table stays small
    whatever visitors type)."""

    def __missing__(self, code):
        folded = fold_character(chr(code))
        if code < 0x3000:
            self[code] = folded
        return folded


_FOLDED = _FoldTable()


def query_words(query):
    """The words worth marking (two letters or more), folded."""
    return [word for word in re.findall(r"\w+", fold(query)) if len(word) > 1]


def plain_text(value):
    """Text without tags or Markdown emphasis, white space folded."""
    text = strip_tags(str(value or ""))
    text = re.sub(r"[*_`#>\[\]]", " ", text)
    return " ".join(text.split())


def highlight(text, query, length=SNIPPET_LENGTH):
    """An escaped extract of ``text`` around the first match, the matching words in ``<mark>``.

    A word of the text matches when it starts with a query word's stem (its first five letters),
    so that "formation" also marks "formations"; accents and case are ignored.
    """
    text = plain_text(text)
    words = query_words(query)
    folded = fold(text)
    pattern = None
    if words:
        stems = sorted({re.escape(word[:5]) for word in words}, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(stems) + r")\w*")
    spans = [match.span() for match in pattern.finditer(folded)] if pattern else []
    start = 0
    if spans and spans[0][0] > length // 3:
        start = text.rfind(" ", 0, spans[0][0] - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    parts = ["…" if start else ""]
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308  (every piece of text is escaped above)
