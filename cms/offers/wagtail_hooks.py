from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import StaleOffersReportView


@hooks.register("register_admin_urls")
def register_stale_offers_url():
    return [
        path("reports/contenus-a-verifier/", StaleOffersReportView.as_view(), name="stale_offers")
    ]


@hooks.register("register_reports_menu_item")
def register_stale_offers_menu_item():
    return MenuItem(_("Content to verify"), reverse("stale_offers"), icon_name="warning", order=50)
