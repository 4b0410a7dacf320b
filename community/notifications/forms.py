from django import forms
from machina.apps.forum_permission.handler import PermissionHandler

from community.accounts.roles import may_moderate_members

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
            "expert_request",
            "question_assigned",
            "assignment_returned",
            "post_refused",
            "consultation_opened",
            "new_report",
            "post_held",
            "member_waiting",
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
                "expert_request",
                "question_assigned",
                "assignment_returned",
                "post_refused",
                "consultation_opened",
                "new_report",
                "post_held",
                "member_waiting",
                "digest",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A kind missing from what was sent (a form opened before that kind existed) keeps the
        # member's current choice.
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.required = False
        # What moderators are told is offered to moderators only (sign-ups: general moderators).
        user = self.instance.user
        if not PermissionHandler().can_access_moderation_queue(user):
            # Assigned questions come back to moderators only (community/experts).
            del self.fields["new_report"], self.fields["post_held"]
            del self.fields["assignment_returned"]
        if not may_moderate_members(user):
            del self.fields["member_waiting"]

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect) and not cleaned.get(name):
                cleaned[name] = getattr(self.instance, name)
        return cleaned
