from django import forms

from .models import NotificationPreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreferences
        fields = [
            "reply",
            "new_topic",
            "mention",
            "answer_validated",
            "membership_approved",
            "report_handled",
            "digest",
            "follow_own_topics",
        ]
        widgets = {
            name: forms.RadioSelect
            for name in (
                "reply",
                "new_topic",
                "mention",
                "answer_validated",
                "membership_approved",
                "report_handled",
                "digest",
            )
        }
