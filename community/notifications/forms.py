from django import forms
from machina.apps.forum_permission.handler import PermissionHandler

from community.accounts.roles import may_moderate_members

from .models import MODERATOR_KINDS, Notification, NotificationPreferences

# One delivery choice per kind of notification: the members' kinds, then the moderators'.
KIND_FIELDS = [
    *(kind for kind in Notification.Kind.values if kind not in MODERATOR_KINDS),
    *(kind for kind in Notification.Kind.values if kind in MODERATOR_KINDS),
]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NotificationPreferences
        fields = [*KIND_FIELDS, "digest", "follow_own_topics"]
        widgets = {name: forms.RadioSelect for name in (*KIND_FIELDS, "digest")}

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
