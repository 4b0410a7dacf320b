"""Attachments in Django's admin: the file is never linked by its storage URL (it has none), only
through the permission-checked download view, and it is not replaced from here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("id", "post", "original_name", "comment")
    list_display_links = ("id", "post", "original_name")
    raw_id_fields = ("post",)
    fields = ("post", "download", "comment")
    readonly_fields = ("download",)

    @admin.display(description=_("File"))
    def download(self, attachment):
        if not attachment.pk:
            return "—"
        url = reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk})
        return format_html('<a href="{}">{}</a>', url, attachment.filename)

    def has_add_permission(self, request):
        return False
