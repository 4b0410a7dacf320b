from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_LENGTH, Bookmark


class NoteForm(forms.ModelForm):
    note = forms.CharField(
        label=_("Your note"),
        max_length=NOTE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Bookmark
        fields = ["note"]
