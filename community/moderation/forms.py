from django import forms
from django.utils.translation import gettext_lazy as _

from .models import PostReport, RefusedPost


class PostReportForm(forms.ModelForm):
    class Meta:
        model = PostReport
        fields = ("reason", "comment")
        labels = {"reason": _("Why are you reporting this post?"), "comment": _("Comment")}
        help_texts = {
            "comment": _("Optional: what should the moderators know? They alone will read it.")
        }
        widgets = {"reason": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = PostReport.Reason.choices
        self.fields["reason"].error_messages["required"] = _("Choose a reason.")


class ReportActionForm(forms.Form):
    DISMISS = "dismiss"
    HIDE = "hide"
    DELETE = "delete"
    WARN = "warn"
    SUSPEND = "suspend"
    ACTIONS = (
        (DISMISS, _("Dismiss the report (the post is fine)")),
        (HIDE, _("Hide the post")),
        (DELETE, _("Delete the post")),
        (WARN, _("Warn the author")),
        (SUSPEND, _("Suspend the author")),
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message to the author or note for the log"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to warn or suspend: the author receives it by e-mail."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") in {self.WARN, self.SUSPEND} and not cleaned.get("message"):
            self.add_error("message", _("Write the message the author will receive."))
        return cleaned


class MemberDecisionForm(forms.Form):
    APPROVE = "approve"
    REJECT = "reject"
    decision = forms.ChoiceField(choices=((APPROVE, _("Approve")), (REJECT, _("Refuse"))))


class RefusePostForm(forms.Form):
    """Refusing a post held for approval: why, chosen in a list, and explained to its author."""

    reason = forms.ChoiceField(
        label=_("Why is this post refused?"),
        choices=RefusedPost.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the refusal.")},
    )
    explanation = forms.CharField(
        label=_("Explanation for the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The author receives it with their text, to correct and post it again. Required for "
            "“Another reason”."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == RefusedPost.Reason.OTHER and not cleaned.get("explanation"):
            self.add_error("explanation", _("Explain the reason to the author."))
        return cleaned
