"""machina's attachment forms (machina loads this module before its own): every file is checked
against the allow-list and the size cap, and renamed to its safe extension."""

from django import forms
from django.forms.models import modelformset_factory
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.conf import settings as machina_settings

from .files import ALLOWED_TYPES, allowed_extensions_display, check_upload, display_name, max_bytes
from .models import Attachment


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "comment"]
        # Not ClearableFileInput: that one links to the file's URL, and private files have none.
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Accepted types: %(extensions)s; up to %(limit)s."
        ) % {"extensions": allowed_extensions_display(), "limit": filesizeformat(max_bytes())}
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in sorted(ALLOWED_TYPES)
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            # A new upload (an existing attachment's FieldFile has no content type).
            allowed = check_upload(upload)
            upload.name = display_name(upload.name, allowed.extension)
        return upload


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
