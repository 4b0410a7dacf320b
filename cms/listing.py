"""Filtered, paginated listings of pages (catalogue, news, videos), shared by their index pages.

Filters are bound to ``request.GET`` so they live in the URL and work without JavaScript. A value
django-filter cannot validate is dropped from the query and reported to the reader, never a 500.
"""

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


def reference_filter(model, label, field_name=None, **kwargs):
    """A select over one of the reference lists, addressed by slug in the URL."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        label=label,
        empty_label=_("All"),
        **kwargs,
    )


class ListingFilterSet(django_filters.FilterSet):
    """Keyword search over ``text_fields`` plus the filters a subclass declares."""

    text_fields = ("title",)

    q = django_filters.CharFilter(
        label=_("Keywords"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )

    @property
    def qs(self):
        # Several many-to-many filters may match one page more than once.
        return super().qs.distinct()

    def filter_text(self, queryset, name, value):
        """Every word must appear in one of the text fields."""
        for word in value.split():
            condition = Q()
            for field in self.text_fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    def ignored_filters(self):
        """Labels of the filters whose value was not valid, hence ignored."""
        if not self.is_bound or self.form.is_valid():
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

    def querystring_without_page(self):
        """The valid filter values, to carry across pages."""
        if not self.is_bound:
            return ""
        self.form.is_valid()
        params = [
            (name, self.data[name])
            for name in self.form.fields
            if name not in self.form.errors and self.data.get(name)
        ]
        return urlencode(params)


def filtered_listing(request, filterset_class, queryset, per_page):
    """Context for a listing page: the bound filter, the requested page and the query to keep."""
    listing_filter = filterset_class(request.GET or None, queryset=queryset)
    return {
        "filter": listing_filter,
        "page_obj": Paginator(listing_filter.qs, per_page).get_page(request.GET.get("page")),
        "querystring": listing_filter.querystring_without_page(),
    }
