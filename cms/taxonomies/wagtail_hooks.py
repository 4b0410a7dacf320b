from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
    list_display = ["name", "code", "is_overseas"]
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
