from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.search_promotions.views.settings import CreateView as PromotionCreateView

from .models import SearchQuery

# Who may read the report: those who may promote results (editors), as queries can hold names.
REPORT_PERMISSION = "wagtailsearchpromotions.add_searchpromotion"
# The periods an editor may choose, in days; anything else falls back to the default.
PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30


class ZeroResultSearchesReportView(WagtailAdminTemplateMixin, TemplateView):
    """Admin report "Recherches sans résultat": what people looked for and did not find."""

    page_title = _("Searches without results")
    header_icon = "search"
    template_name = "search/admin/zero_result_report.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = self.request.GET.get("days", "")
        days = int(days) if days.isdigit() and int(days) in PERIODS else DEFAULT_PERIOD
        since = timezone.localdate() - timedelta(days=days - 1)
        context.update(
            periods=PERIODS,
            days=days,
            queries=SearchQuery.objects.top_without_results(since),
        )
        return context


class PromoteForQueryView(PromotionCreateView):
    """Wagtail's "Ajouter un résultat recommandé" form, with the query of the report's row
    (``?q=``) filled in; the form is sent to Wagtail's own address."""

    def get_initial(self):
        initial = super().get_initial()
        query = " ".join(self.request.GET.get("q", "").split())[:255]
        if query:
            initial["query_string"] = query
        return initial
