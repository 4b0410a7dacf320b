from django import forms
from django.utils.translation import gettext_lazy as _

from cms.offers.models import OfferPage
from cms.taxonomies.models import Audience, Region, Theme
from community.privacy.forms import PersonalDataGuardMixin

BODY_MAX_LENGTH = 10000
REPORT_MAX_LENGTH = 3000


class ProposalForm(PersonalDataGuardMixin, forms.Form):
    """A counsellor's proposal of an offer: what the catalogue shows, checked per kind.

    Its texts pass the personal-data guard: the member corrects or confirms before sending (a
    proposal is a draft that editors review in any case)."""

    personal_data_fields = ("title", "summary", "body")

    kind = forms.ChoiceField(
        label=_("Kind of resource"),
        choices=[("", _("Choose…")), *OfferPage.Kind.choices],
    )
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences shown in the catalogue (400 characters at most)."),
    )
    body = forms.CharField(
        label=_("Description"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What it is, for whom, how to access it. Separate paragraphs by a blank line."),
    )
    funder = forms.CharField(
        label=_("Who funds it"),
        max_length=255,
        required=False,
        help_text=_("Required for a funding or an aid scheme."),
    )
    duration = forms.CharField(
        label=_("Duration"),
        max_length=120,
        required=False,
        help_text=_("Required for a training."),
    )
    modality = forms.ChoiceField(
        label=_("Modality"),
        choices=[("", "—"), *OfferPage.Modality.choices],
        required=False,
        help_text=_("Required for a training."),
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.ModelMultipleChoiceField(
        label=_("Audiences"),
        queryset=Audience.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source_url = forms.URLField(
        label=_("Official source"),
        assume_scheme="https",
        help_text=_("The address of the official page that describes it."),
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == OfferPage.Kind.TRAINING:
            if not cleaned.get("duration"):
                self.add_error("duration", _("Give the duration of the training."))
            if not cleaned.get("modality"):
                self.add_error(
                    "modality", _("Say whether the training is on site, remote or blended.")
                )
        if kind in (OfferPage.Kind.FUNDING, OfferPage.Kind.AID_SCHEME) and not cleaned.get(
            "funder"
        ):
            self.add_error("funder", _("Say who funds it."))
        return cleaned


class ErrorReportForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong on this page?"),
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say what is wrong and, if you can, where you found the right information."),
    )
