"""The guard on a form: a text holding personal data is sent back to its author, highlighted,
until they remove it or confirm that it is not a beneficiary's.

Use ``PersonalDataGuardMixin`` before the form class (``class MyForm(PersonalDataGuardMixin,
forms.Form)``), list the checked fields in ``personal_data_fields`` and render
``templates/privacy/personal_data_warning.html`` with ``form=…`` inside the ``<form>``. After
``is_valid()``, ``personal_data_requires_review()`` says whether a confirmed text still holds a
social security number or an IBAN: the caller then keeps it for a moderator (``approved=False``).
"""

import hashlib

from django import forms
from django.utils.translation import gettext_lazy as _

from .detection import describe, find_personal_data, has_sensitive_data, highlight

CONFIRM_FIELD = "confirm_personal_data"
DIGEST_FIELD = "personal_data_digest"


def findings_digest(findings):
    """Ties a confirmation to what was shown: a text changed to hold other data is checked again."""
    seen = "\n".join(f"{finding.kind}:{finding.text}" for finding in findings)
    return hashlib.sha256(seen.encode()).hexdigest()[:32]


def check_text(**texts):
    """The findings in each named text: ``{"content": [Finding, …]}`` (texts without any left out).

    The entry point for a form that does not use the mixin."""
    checked = {name: find_personal_data(text or "") for name, text in texts.items()}
    return {name: findings for name, findings in checked.items() if findings}


class PersonalDataGuardMixin:
    personal_data_fields = ("content",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[CONFIRM_FIELD] = forms.BooleanField(
            label=_("I confirm that this is not the personal data of a beneficiary"),
            required=False,
        )
        self.fields[DIGEST_FIELD] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.personal_data = {}

    @property
    def personal_data_findings(self):
        return [finding for findings in self.personal_data.values() for finding in findings]

    def personal_data_highlights(self):
        """(field label, text with the findings in <mark>) for each field where some were found."""
        return [
            (self.fields[name].label, highlight(self.cleaned_data.get(name) or "", findings))
            for name, findings in self.personal_data.items()
        ]

    @property
    def personal_data_is_sensitive(self):
        return has_sensitive_data(self.personal_data_findings)

    def personal_data_requires_review(self):
        """A valid form whose author confirmed a NIR or an IBAN: a moderator must see it first."""
        return self.is_valid() and self.personal_data_is_sensitive

    def clean(self):
        cleaned_data = super().clean()
        self.personal_data = check_text(
            **{name: cleaned_data.get(name) for name in self.personal_data_fields}
        )
        findings = self.personal_data_findings
        if not findings:
            return cleaned_data
        digest = findings_digest(findings)
        if cleaned_data.get(CONFIRM_FIELD) and cleaned_data.get(DIGEST_FIELD) == digest:
            return cleaned_data
        # Shown again with the box unticked, and the digest of what the author is shown.
        self.data = self.data.copy()
        self.data[self.add_prefix(CONFIRM_FIELD)] = ""
        self.data[self.add_prefix(DIGEST_FIELD)] = digest
        self.add_error(
            None,
            forms.ValidationError(
                _(
                    "Your text seems to contain personal data: %(kinds)s. Remove it, or tick the "
                    "box below if it is not a beneficiary's data."
                ),
                code="personal_data",
                params={"kinds": describe(findings)},
            ),
        )
        return cleaned_data
