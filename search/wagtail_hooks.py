from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import REPORT_PERMISSION, PromoteForQueryView, ZeroResultSearchesReportView
from .models import SearchSynonym


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_urls")
def register_zero_result_searches_url():
    return [
        path(
            "reports/recherches-sans-resultat/",
            ZeroResultSearchesReportView.as_view(),
            name="zero_result_searches",
        ),
        path(
            "reports/recherches-sans-resultat/recommander/",
            PromoteForQueryView.as_view(),
            name="zero_result_promote",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_zero_result_searches_menu_item():
    return EditorsMenuItem(
        _("Searches without results"), reverse("zero_result_searches"), icon_name="search", order=60
    )


class SearchSynonymViewSet(SnippetViewSet):
    """The synonyms and acronyms the search knows ("Synonymes de recherche"), kept by editors."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["term", "equivalents"]
    search_fields = ["term", "equivalents"]


register_snippet(SearchSynonymViewSet)
