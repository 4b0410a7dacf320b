from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from cms.taxonomies.models import Audience, Operator, Theme

from .models import Expertise, Referent
from .routing import MAX_CHOSEN


class ExpertiseForm(forms.ModelForm):
    class Meta:
        model = Expertise
        fields = (
            "themes",
            "audiences",
            "accepts_requests",
            "in_directory",
            *Expertise.SHOWN_FIELDS,
        )
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "audiences": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("sort_order", "name")
        self.fields["audiences"].queryset = Audience.objects.order_by("sort_order", "name")
        self.fields["themes"].label = _("Themes I can help with")
        self.fields["audiences"].label = _("Publics I know well")

    def shown_fields(self):
        return [self[name] for name in Expertise.SHOWN_FIELDS]

    def main_fields(self):
        return [self[name] for name in ("themes", "audiences", "accepts_requests", "in_directory")]


class ChooseExpertsForm(forms.Form):
    """Up to three of the suggested members (``suggestions``: routing.Suggestion)."""

    members = forms.TypedMultipleChoiceField(
        label=_("Members to ask"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member.")},
    )

    def __init__(self, *args, suggestions=(), limit=MAX_CHOSEN, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = {s.member.pk: s for s in suggestions}
        self.limit = limit
        self.fields["members"].choices = [
            (s.member.pk, s.member.get_display_name()) for s in suggestions
        ]
        self.fields["members"].help_text = _("At most %(count)s.") % {"count": limit}

    def clean_members(self):
        chosen = self.cleaned_data["members"]
        if len(chosen) > self.limit:
            raise forms.ValidationError(
                _("Choose at most %(count)s members.") % {"count": self.limit}
            )
        return [self.suggestions[pk].member for pk in chosen]


class AssignForm(forms.Form):
    """A suggested member, or any member by their @handle (checked by the view)."""

    member = forms.TypedChoiceField(
        label=_("A suggested member"), coerce=int, required=False, widget=forms.RadioSelect
    )
    handle = forms.CharField(
        label=_("Or another member, by their handle"),
        required=False,
        max_length=150,
        help_text=_("For example @amina."),
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [
            (s.member.pk, s.member.get_display_name()) for s in suggestions
        ]
        self.fields["handle"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        handle = cleaned.get("handle", "").strip().lstrip("@")
        cleaned["handle"] = handle
        if not cleaned.get("member") and not handle:
            raise forms.ValidationError(_("Choose a suggested member or type a handle."))
        return cleaned


class ReferentForm(forms.Form):
    handle = forms.CharField(
        label=_("Member's handle"), max_length=150, help_text=_("e.g. @julien")
    )
    theme = forms.ModelChoiceField(
        label=_("Referent for the theme"), queryset=Theme.objects.none(), required=False
    )
    operator = forms.ModelChoiceField(
        label=_("or for the operator"), queryset=Operator.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("sort_order", "name")
        self.fields["operator"].queryset = Operator.objects.order_by("sort_order", "name")
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["operator"].empty_label = _("Choose an operator")

    def clean_handle(self):
        User = get_user_model()
        handle = self.cleaned_data["handle"].strip().lstrip("@")
        member = User.approved_members().filter(username__iexact=handle).first()
        if member is None:
            raise forms.ValidationError(_("No approved member has this handle."))
        return member

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("theme")) == bool(cleaned.get("operator")):
            raise forms.ValidationError(_("Choose either a theme or an operator."))
        member = cleaned.get("handle")
        if (
            member
            and Referent.objects.filter(
                user=member, theme=cleaned.get("theme"), operator=cleaned.get("operator")
            ).exists()
        ):
            raise forms.ValidationError(_("This member is already referent for it."))
        return cleaned
