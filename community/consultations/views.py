"""The results of a consultation in the Wagtail admin, and the members' "Vous avez dit, nous
avons fait" page."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from community.pilot.views import ApprovedMemberMixin

from . import audience
from .models import ConsultationPage, YouSaidEntry
from .results import consultation_results, results_csv, with_charts

# Moderators and editors read what members say (the beta feedback inbox): the same people read
# the consultations' results and write "you said, we did".
RESULTS_PERMISSION = "pilot.view_feedback"


def can_read_results(user):
    return user.is_active and user.has_perm(RESULTS_PERMISSION)


class ResultsAccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_read_results(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConsultationListView(ResultsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Consultations")
    header_icon = "form"
    template_name = "consultations/admin/index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        consultations = ConsultationPage.objects.annotate(
            answers=Count("participations", distinct=True)
        ).order_by("-opens_at", "-pk")
        return super().get_context_data(consultations=consultations, **kwargs)


class ConsultationResultsView(ResultsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "form"
    template_name = "consultations/admin/results.html"

    def get_page_title(self):
        return _("Results: %(title)s") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("consultations_admin:index"), "label": _("Consultations")},
            {"url": "", "label": self.page.title},
        ]

    def get(self, request, *args, **kwargs):
        self.page = get_object_or_404(ConsultationPage, pk=kwargs["page_id"])
        self.total, self.results = consultation_results(self.page)
        if request.GET.get("format") == "csv":
            return results_csv(self.page, self.results)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        entry_url = reverse("you_said:add")
        charts = with_charts(self.results)
        for chart in charts:
            chart["entry_url"] = f"{entry_url}?" + urlencode(
                {"consultation": self.page.pk, "question": chart["result"].question.label}
            )
        return super().get_context_data(
            consultation=self.page,
            total=self.total,
            charts=charts,
            audience_label=dict(audience.CHOICES)[self.page.audience],
            **kwargs,
        )


class YouSaidView(ApprovedMemberMixin, ListView):
    """ "Vous avez dit, nous avons fait": members only."""

    template_name = "consultations/you_said.html"
    context_object_name = "entries"
    paginate_by = 30

    def get_queryset(self):
        return (
            YouSaidEntry.objects.filter(published=True)
            .select_related("feedback", "proposal", "consultation")
            .order_by("-done_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["my_audiences"] = audience.audiences_of(self.request.user)
        return context
