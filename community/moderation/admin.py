from django.contrib import admin

from .models import ModerationLogEntry, PostReport


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "reason", "status", "reporter", "handled_by")
    list_filter = ("status", "reason")
    raw_id_fields = ("post", "reporter", "handled_by")


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    """The log is append-only: readable here, never edited."""

    list_display = ("created_at", "actor", "action", "member", "topic_subject")
    list_filter = ("action",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
