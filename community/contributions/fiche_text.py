"""A forum post made fit for a fiche: the question and the answer, not the conversation.

A thread is written to people: "Bonjour à tous", "@julien tu as déjà eu le cas ?", "Merci
d'avance !", "Bonne journée". A fiche is read by anyone, later: ``clean_for_fiche(markdown)``
drops greetings, thanks and sign-offs and the sentences addressed to one member (they open with
an ``@identifiant``), names no member (another ``@identifiant`` becomes "un collègue"), and keeps
everything else as written (lists, links, emphasis; code is left untouched). "Merci de
vérifier…" is a request, not thanks: it stays. The fiche credits the members by name
(``asked_by``, ``answered_by``).
"""

import re

from community.notifications.mentions import HANDLE

GREETING = re.compile(
    r"^(?:bonjour|bonsoir|salut|hello|coucou|hey|chers? coll[eè]gues?|chères coll[eè]gues)"
    r"(?:\s+(?:à\s+(?:tous|toutes|vous|tou[st]es?\s+et\s+à\s+tou[st]es?)"
    r"|tout\s+le\s+monde|(?:les\s+)?coll[eè]gues|la\s+communauté|@[\w.+-]+))*"
    r"\s*[,!.:;…]*\s*",
    re.IGNORECASE,
)
THANKS = re.compile(
    r"^(?:un\s+)?(?:grand\s+|gros\s+)?merci(?:\s*$|\s*[,!.…]|\s+(?:d'avance|d’avance|par\s+avance"
    r"|beaucoup|bien|infiniment|encore|pour|à|a\s|@|de\s+(?:votre|vos|ton|tes|ta|ce|cette)\b))",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"^(?:(?:bonne|belle|très\s+bonne)\s+(?:journée|soirée|fin\s+de\s+journée|semaine|continuation)"
    r"|bon\s+(?:courage|week-end|weekend|après-midi)|cordialement|bien\s+(?:à\s+vous|cordialement)"
    r"|à\s+bientôt|a\s+bientôt|à\s+\+|a\+|bisous|au\s+plaisir)\b[^.!?…]*[.!?…]*\s*$",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
LIST_MARKER = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+|\s*>\s?|\s*#{1,6}\s+)")
SIGNATURE = re.compile(r"^[\w .,'’()/-]{1,60}$")
# "comme le dit @julien, …": the sentence keeps its sense without naming the member.
MENTION_REPLACEMENT = "un collègue"
FENCE = re.compile(r"^\s*(```|~~~)")


def _is_small_talk(sentence):
    text = sentence.strip()
    return bool(THANKS.match(text) or SIGN_OFF.match(text))


def _clean_sentence(sentence):
    """The sentence without its greeting and mentions ("" when nothing is left of it)."""
    text = original = sentence.strip()
    text = GREETING.sub("", text, count=1) if GREETING.match(text) else text
    if HANDLE.match(text):  # addressed to one member: conversation, not content
        return ""
    if _is_small_talk(text):
        return ""
    text = HANDLE.sub(MENTION_REPLACEMENT, text)
    text = re.sub(r"\s{2,}", " ", text).strip().lstrip(",;: ")
    if not re.search(r"\w", text):
        return ""
    return text if text == original else text[0].upper() + text[1:]


def _clean_line(line):
    marker = LIST_MARKER.match(line)
    prefix = marker.group(1) if marker else ""
    body = line[len(prefix) :]
    sentences = [_clean_sentence(part) for part in SENTENCE_END.split(body)]
    kept = " ".join(sentence for sentence in sentences if sentence)
    return f"{prefix}{kept}" if kept else ""


def clean_for_fiche(markdown):
    """``markdown`` without greetings, thanks, sign-offs and @mentions (code left as is)."""
    lines, in_code, cleaned = (markdown or "").replace("\r\n", "\n").split("\n"), False, []
    signed_off = False
    for line in lines:
        if FENCE.match(line):
            in_code = not in_code
            cleaned.append(line)
            continue
        if in_code or line.startswith("    ") or not line.strip():
            cleaned.append(line)
            continue
        if signed_off and SIGNATURE.match(line.strip()) and len(line.split()) <= 5:
            continue  # the name under "Bonne journée,"
        kept = _clean_line(line)
        signed_off = not kept and bool(SIGN_OFF.match(line.strip()))
        if kept:
            cleaned.append(kept)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(cleaned)).strip()
    return text[:1].upper() + text[1:]
