"""The community dashboard of the Wagtail admin (moderators and editors)."""

import csv

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .charts import render_chart
from .forms import PeriodForm
from .stats import CommunityStats, Period
from .unanswered import unanswered_topics

DASHBOARD_PERMISSION = "steering.view_dashboard"
UNANSWERED_SHOWN = 50


def can_view_dashboard(user):
    return user.is_active and user.has_perm(DASHBOARD_PERMISSION)


def figure_csv(figure, period):
    """One figure as CSV for French spreadsheets: UTF-8 with a BOM, ``;`` between cells."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"comcep-{figure.key}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerows(figure.cells())
    return response


class CommunityDashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Community dashboard")
    header_icon = "group"
    template_name = "steering/admin/dashboard.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        default = Period.default()
        data = {"start": default.start.isoformat(), "end": default.end.isoformat()}
        data |= {key: request.GET[key] for key in data if key in request.GET}
        self.form = PeriodForm(data)
        self.stats = None
        if self.form.is_valid():
            self.stats = CommunityStats(request, self.form.cleaned_data["period"])
            self.figures = self.stats.figures()
            if request.GET.get("format") == "csv":
                figure = next((f for f in self.figures if f.key == request.GET.get("figure")), None)
                if figure is None:
                    raise Http404
                return figure_csv(figure, self.stats.period)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        if self.stats is None:
            return context
        query = self.request.GET.copy()
        query.pop("format", None)
        query.pop("figure", None)
        charts = []
        for figure in self.figures:
            query["format"], query["figure"] = "csv", figure.key
            charts.append(
                {
                    "figure": figure,
                    "svg": None if figure.is_empty else render_chart(figure),
                    "narrow_svg": None if figure.is_empty else render_chart(figure, narrow=True),
                    "cells": list(figure.cells()),
                    "csv_url": "?" + query.urlencode(),
                }
            )
        waiting = unanswered_topics(self.stats.topics())
        context.update(
            period=self.stats.period,
            summary=self.stats.summary,
            charts=charts,
            unanswered=waiting[:UNANSWERED_SHOWN],
            unanswered_count=waiting.count(),
            unanswered_delay_hours=settings.COMCEP_UNANSWERED_DELAY_HOURS,
        )
        return context
