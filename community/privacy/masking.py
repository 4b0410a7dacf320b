"""What the site keeps about a text never holds the personal data the guard finds in it.

``mask_personal_data(text)`` replaces each finding of ``detection.find_personal_data`` by a mask
naming its kind: « [NIR masqué] », « [IBAN masqué] », « [téléphone masqué] »… The moderation log
(``ModerationLogEntry.objects.record``), the e-mails about a post (to its moderators, and to its
author when it is refused), the notifications' subjects and the error reports
(``reporting.PersonalDataReporterFilter``) go through it.

The masks are data, stored in the log: French, whatever the language of the process that writes
them (a task, a migration).
"""

from .detection import BIRTH_DATE, EMAIL, IBAN, NIR, PHONE, find_personal_data

MASKS = {
    NIR: "[NIR masqué]",
    IBAN: "[IBAN masqué]",
    PHONE: "[téléphone masqué]",
    EMAIL: "[adresse électronique masquée]",
    BIRTH_DATE: "[date de naissance masquée]",
}


def mask_personal_data(text):
    """``text`` with every personal data found replaced by its mask (``text`` itself if none)."""
    if not text:
        return text
    findings = find_personal_data(str(text))
    if not findings:
        return text
    text = str(text)
    parts, position = [], 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(MASKS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
