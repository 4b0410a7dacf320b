from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Partner


class PartnerViewSet(SnippetViewSet):
    """Partner sites allowed to embed our videos; staff manage them (snippet permissions)."""

    model = Partner
    icon = "globe"
    menu_label = _("Partners")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "name",
        "origins",
        BooleanColumn("is_active", label=Partner._meta.get_field("is_active").verbose_name),
    ]
    list_filter = ["is_active"]
    search_fields = ["name", "origins"]


register_snippet(PartnerViewSet)
