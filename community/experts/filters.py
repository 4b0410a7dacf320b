"""The members' directory's filters: each one matches only what a member chose to show."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.listing import ListingFilterSet, reference_filter
from cms.taxonomies.models import Audience, Operator, Region, Theme

from .models import Expertise


class DirectoryFilter(ListingFilterSet):
    q = django_filters.CharFilter(
        label=_("Name or structure"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    operator = reference_filter(Operator, _("Operator"), method="filter_operator")
    region = reference_filter(Region, _("Region"), method="filter_region")
    theme = reference_filter(Theme, _("Theme"), method="filter_theme")
    audience = reference_filter(Audience, _("Public"), method="filter_audience")

    class Meta:
        model = Expertise
        fields = []

    def filter_text(self, queryset, name, value):
        value = " ".join(value.split())[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(user__display_name__icontains=value)
            | Q(user__first_name__icontains=value)
            | Q(user__username__iexact=value.lstrip("@"))
            | Q(show_structure=True, user__structure__icontains=value)
        )

    # A hidden field is never matched: filtering on it would reveal it.
    def filter_operator(self, queryset, name, value):
        return queryset.filter(show_operator=True, user__operator=value)

    def filter_region(self, queryset, name, value):
        return queryset.filter(show_region=True, user__region=value)

    def filter_theme(self, queryset, name, value):
        return queryset.filter(show_themes=True, themes=value)

    def filter_audience(self, queryset, name, value):
        return queryset.filter(show_audiences=True, audiences=value)
