"""Find a beneficiary's personal data in a text a counsellor is about to publish.

``find_personal_data(text)`` returns the findings, in the order of the text, each with its kind,
its span and a label to show to the author. What is looked for, and why:

- ``nir``: a French social security number (NIR) whose control key is valid (python-stdnum),
  written with or without spaces, dots or dashes, Corsica included (2A/2B). A 13-digit number
  without its key cannot be told from any other number and is not reported.
- ``iban``: an IBAN of any country whose checksum is valid (python-stdnum), grouped or not.
- ``phone``: a mobile number (phonenumbers, region FR): 06 and 07 numbers, +33 6 / +33 7, and
  foreign mobiles. Landlines (01 to 05, 09) and special numbers (08) are not reported: on this
  forum they are the switchboards of structures, CIO, France Travail agencies and partners that
  counsellors share all day, and a beneficiary is reached on their mobile.
- ``email``: an e-mail address (Django's ``EmailValidator`` confirms each candidate).
- ``birth_date``: a date in a birth context (« né le », « née le », « date de naissance »,
  « DDN »…) just before it, or announced a few words before it (« date de naissance de la
  personne accompagnée : … »); a date alone (a meeting, a deadline) is not reported.

The NIR and the IBAN are *sensitive*: a post carrying one, once its author confirms it, waits for a
moderator (see ``forms.PersonalDataGuardMixin``).
"""

import datetime
import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

NIR = "nir"
IBAN = "iban"
PHONE = "phone"
EMAIL = "email"
BIRTH_DATE = "birth_date"

KINDS = (NIR, IBAN, PHONE, EMAIL, BIRTH_DATE)
SENSITIVE_KINDS = frozenset({NIR, IBAN})
LABELS = {
    NIR: _("social security number"),
    IBAN: _("bank account number (IBAN)"),
    PHONE: _("mobile phone number"),
    EMAIL: _("e-mail address"),
    BIRTH_DATE: _("date of birth"),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self):
        return LABELS[self.kind]

    @property
    def is_sensitive(self):
        return self.kind in SENSITIVE_KINDS


# Separators people put inside numbers: spaces (also non-breaking), dots, dashes.
SEP = r"[\s.\-\u00a0\u202f]?"
NIR_RE = re.compile(
    r"(?<![0-9A-Za-z])"
    rf"[1-478]{SEP}\d{{2}}{SEP}(?:0[1-9]|1[0-2]|[2-9]\d){SEP}(?:\d{{2}}|2[AaBb]){SEP}"
    rf"\d{{3}}{SEP}\d{{3}}{SEP}\d{{2}}(?![0-9A-Za-z])"
)
IBAN_START_RE = re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{2}\d{2}(?=[\s\u00a0]?[0-9A-Za-z])")
IBAN_CHUNK_RE = re.compile(r"[\s\u00a0]?([0-9A-Za-z]{1,34})")
EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)

# A birth context, then at most a few characters (« : », « le », « (DDN) ») before the date; or
# a named context (« date de naissance », « DDN », « naissance ») followed by a few words without
# digits, then « : » or « est » just before the date: « date de naissance de la personne
# accompagnée : 12/03/1985 » (not « naissance du projet : réunion le 12/03/2025 »).
BORN = r"\bn[ée]{1,2}(?:\(e\)|e)?s?(?!\w)(?:\s+(?:le|en|au|à))?"
NAMED_BIRTH = r"(?:\bdate\s+de\s+naissance\b|\bd\.?\s?d\.?\s?n\.?(?![\w])|\bnaissance\b)"
BIRTH_CONTEXT = rf"(?:{BORN}|{NAMED_BIRTH})"
WORD = r"[^\W\d_]+(?:['’][^\W\d_]+)*['’]?"
FEW_WORDS = rf"(?:[\s,()\-]+{WORD}){{1,6}}?"
ANNOUNCED_BIRTH = rf"{NAMED_BIRTH}{FEW_WORDS}[\s()]*(?::|\best\b)\s*(?:le\s+)?"
MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
NUMERIC_DATE = r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4}|\d{2})"
WORDED_DATE = rf"(?P<wd>\d{{1,2}})(?:er)?\s+(?P<wm>{'|'.join(MONTHS)})\s+(?P<wy>\d{{4}})"
BIRTH_DATE_RE = re.compile(
    rf"(?:{BIRTH_CONTEXT}[\s:,()\-]{{0,6}}(?:le\s+|du\s+)?|{ANNOUNCED_BIRTH})"
    rf"(?P<date>{NUMERIC_DATE}|{WORDED_DATE})(?!\d)",
    re.IGNORECASE,
)

email_validator = EmailValidator()


def _find_nirs(text):
    for match in NIR_RE.finditer(text):
        if stdnum_nir.is_valid(re.sub(r"[^0-9A-Za-z]", "", match.group())):
            yield Finding(NIR, match.start(), match.end(), match.group())


def _find_ibans(text):
    """An IBAN's length depends on its country: grow the candidate chunk by chunk and keep the
    longest one whose checksum is valid."""
    for start in IBAN_START_RE.finditer(text):
        position, best = start.end(), None
        for chunk in IBAN_CHUNK_RE.finditer(text, position):
            if chunk.start() != position:
                break
            position = chunk.end()
            candidate = text[start.start() : position]
            if len(stdnum_iban.compact(candidate)) > 34:
                break
            if stdnum_iban.is_valid(candidate):
                best = position
        if best is not None:
            yield Finding(IBAN, start.start(), best, text[start.start() : best])


def _is_mobile(number):
    if number.country_code == 33:
        return str(number.national_number)[:1] in ("6", "7")
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def _find_phones(text):
    matcher = phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        if _is_mobile(match.number):
            yield Finding(PHONE, match.start, match.end, match.raw_string)


def _find_emails(text):
    for match in EMAIL_RE.finditer(text):
        address = match.group().rstrip(".")
        try:
            email_validator(address)
        except ValidationError:
            continue
        yield Finding(EMAIL, match.start(), match.start() + len(address), address)


def _plausible_birth_date(match):
    if match.group("d"):
        day, month, year = int(match.group("d")), int(match.group("m")), match.group("y")
    else:
        day, month = int(match.group("wd")), MONTHS[match.group("wm").lower()]
        year = match.group("wy")
    year = int(year)
    if year < 100:
        year += 1900 if year > datetime.date.today().year % 100 else 2000
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= date <= datetime.date.today()


def _find_birth_dates(text):
    for match in BIRTH_DATE_RE.finditer(text):
        if _plausible_birth_date(match):
            yield Finding(BIRTH_DATE, match.start("date"), match.end("date"), match.group("date"))


# The order settles overlaps: a NIR or an IBAN wins over the phone number found inside it.
DETECTORS = (_find_nirs, _find_ibans, _find_emails, _find_birth_dates, _find_phones)


def find_personal_data(text):
    """The personal data found in ``text``: a list of ``Finding``, in the order of the text."""
    if not text:
        return []
    findings = []
    for detector in DETECTORS:
        for finding in detector(text):
            if not any(f.start < finding.end and finding.start < f.end for f in findings):
                findings.append(finding)
    return sorted(findings, key=lambda f: f.start)


def has_sensitive_data(findings):
    return any(finding.is_sensitive for finding in findings)


def highlight(text, findings):
    """``text``, HTML-escaped, with each finding in a ``<mark>`` titled with its kind."""
    parts, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        parts.append(escape(text[position : finding.start]))
        parts.append(
            f'<mark class="personal-data" title="{escape(finding.label)}">'
            f"{escape(text[finding.start : finding.end])}</mark>"
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308  (every piece is escaped above)


def describe(findings):
    """« numéro de sécurité sociale, adresse électronique » : each kind found, once, in order."""
    labels = []
    for finding in findings:
        if finding.label not in labels:
            labels.append(finding.label)
    return ", ".join(str(label) for label in labels)
