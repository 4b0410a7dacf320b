from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import OfferPage


class StaleOffersReportView(WagtailAdminTemplateMixin, TemplateView):
    """Admin report "Contenus à vérifier": stale offers, grouped by the editor responsible."""

    page_title = _("Content to verify")
    header_icon = "warning"
    template_name = "offers/admin/stale_offers_report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stale_offers"] = (
            OfferPage.objects.live()
            .stale()
            .select_related("owner_editor")
            .order_by(
                "owner_editor__last_name",
                "owner_editor__first_name",
                "owner_editor_id",
                "verified_on",
            )
        )
        return context
