from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import is_editor
from .views import ProposalsReportView


@hooks.register("register_admin_urls")
def register_proposals_url():
    return [
        path(
            "reports/propositions-des-membres/",
            ProposalsReportView.as_view(),
            name="member_proposals",
        )
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_reports_menu_item")
def register_proposals_menu_item():
    return EditorsMenuItem(
        _("Members' proposals"), reverse("member_proposals"), icon_name="group", order=40
    )
