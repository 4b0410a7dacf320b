from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import cms.admin_ui  # noqa: F401  (the French chip of an applied yes/no filter)

from .models import Audience, Operator, Region, Scheme, Theme


class ReferenceViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class AudienceViewSet(ReferenceViewSet):
    model = Audience
    icon = "group"


class RegionViewSet(ReferenceViewSet):
    model = Region
    icon = "site"
    list_display = [
        "name",
        "code",
        BooleanColumn("is_overseas", label=Region._meta.get_field("is_overseas").verbose_name),
    ]
    list_filter = ["is_overseas"]


class OperatorViewSet(ReferenceViewSet):
    model = Operator
    icon = "home"


class ThemeViewSet(ReferenceViewSet):
    model = Theme
    icon = "tag"


class SchemeViewSet(ReferenceViewSet):
    model = Scheme
    icon = "list-ul"
    list_display = ["name", "full_name", "sort_order"]


class ReferenceListsGroup(SnippetViewSetGroup):
    menu_label = _("Reference lists")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (AudienceViewSet, RegionViewSet, OperatorViewSet, ThemeViewSet, SchemeViewSet)


register_snippet(ReferenceListsGroup)
