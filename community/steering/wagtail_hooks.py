from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import CommunityDashboardView, can_view_dashboard


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_dashboard(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_url():
    return [
        path(
            "communaute/tableau-de-bord/",
            CommunityDashboardView.as_view(),
            name="community_dashboard",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Community dashboard"), reverse("community_dashboard"), icon_name="group", order=250
    )
