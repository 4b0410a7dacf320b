from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import REPORT_PERMISSION, ZeroResultSearchesReportView


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
        )
    ]


@hooks.register("register_reports_menu_item")
def register_zero_result_searches_menu_item():
    return EditorsMenuItem(
        _("Searches without results"), reverse("zero_result_searches"), icon_name="search", order=60
    )
