from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .forms import AdminSignInForm
from .models import OperatorEmailDomain, User
from .permission_names import TranslatedPermissionsMixin


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Public profile"),
            {"fields": ("display_name", "operator", "structure", "region", "job")},
        ),
        (
            _("Membership"),
            {
                "fields": (
                    "status",
                    "email_confirmed",
                    "charter_accepted_at",
                    "approved_at",
                    "premoderated_posts_remaining",
                )
            },
        ),
    )
    # The e-mail address is what the member signs in with: asked for when an account is created.
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = (
        "username",
        "email",
        "display_name",
        "operator",
        "status",
        "is_staff",
        "is_active",
    )
    list_filter = ("status", "operator", "region", *DjangoUserAdmin.list_filter)
    search_fields = ("username", "display_name", "first_name", "last_name", "email")


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, DjangoGroupAdmin):
    """Django's group screen, with the permission names in French."""


@admin.register(OperatorEmailDomain)
class OperatorEmailDomainAdmin(admin.ModelAdmin):
    """Staff keep the allow-list: addresses on these domains are approved at sign-up."""

    list_display = ("domain", "operator", "created_by")
    list_filter = ("operator",)
    search_fields = ("domain",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# Django's admin signs in by e-mail address too (forms.ask_for_email).
admin.site.login_form = AdminSignInForm
