from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme

from .models import Feedback, Proposal

Forum = get_model("forum", "Forum")


def local_path(value):
    """``value`` when it is a path of this site (no scheme, no host), else ''."""
    value = (value or "").strip()
    if (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and len(value) <= 255
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return value
    return ""


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Your rating of ComCep"),
        choices=Feedback.RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Your comment (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What works, what is missing, what gets in your way on this page."),
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]

    def clean_page(self):
        return local_path(self.cleaned_data.get("page")) or "/"


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["kind", "name", "reason", "examples"]
        labels = {
            "kind": _("What do you propose?"),
            "name": _("Name"),
            "reason": _("Why is it needed?"),
            "examples": _("Examples (optional)"),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "reason": forms.Textarea(attrs={"rows": 4}),
            "examples": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned_data = super().clean()
        name, kind = " ".join((cleaned_data.get("name") or "").split()), cleaned_data.get("kind")
        if not name or not kind:
            return cleaned_data
        cleaned_data["name"] = name
        if kind == Proposal.Kind.THEME and Theme.objects.filter(name__iexact=name).exists():
            self.add_error("name", _("This theme already exists: choose it on your topics."))
        if kind == Proposal.Kind.RUBRIC and Forum.objects.filter(name__iexact=name).exists():
            self.add_error("name", _("A rubric with this name already exists."))
        if Proposal.objects.filter(
            kind=kind, name__iexact=name, status=Proposal.Status.OPEN
        ).exists():
            self.add_error("name", _("This proposal is already open: support it in the list."))
        return cleaned_data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required to decline; sent to the proposer)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("decision") == "decline" and not cleaned_data.get("reason", "").strip():
            self.add_error("reason", _("Say why the proposal is declined: the proposer is told."))
        return cleaned_data
