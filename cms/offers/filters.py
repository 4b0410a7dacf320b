import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.taxonomies.models import Audience, Operator, Region, Scheme, Theme

from .models import OfferPage


class IgnoringInvalidFilterSet(django_filters.FilterSet):
    """A filter set whose invalid values are dropped (django-filter ignores them) and reported."""

    def ignored_filters(self):
        if not self.is_bound or self.form.is_valid():
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]


def reference_filter(model, label, field_name=None, **kwargs):
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        label=label,
        empty_label=_("All"),
        **kwargs,
    )


class OfferFilter(IgnoringInvalidFilterSet):
    SORTS = {
        "recent": ("-first_published_at", "title"),
        "title": ("title",),
        "verified": ("-verified_on", "title"),
    }

    q = django_filters.CharFilter(
        label=_("Keywords"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of offer"), choices=OfferPage.Kind.choices, empty_label=_("All")
    )
    audience = reference_filter(Audience, _("Audience"), field_name="audiences")
    region = reference_filter(Region, _("Region"), method="filter_region")
    operator = reference_filter(Operator, _("Operator"), field_name="operators")
    theme = reference_filter(Theme, _("Theme"), field_name="themes")
    scheme = reference_filter(Scheme, _("Scheme"), field_name="schemes")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("recent", _("Newest")),
            ("title", _("A to Z")),
            ("verified", _("Most recently verified")),
        ],
        empty_label=None,
        method="sort_offers",
    )

    class Meta:
        model = OfferPage
        fields = []

    @property
    def qs(self):
        queryset = super().qs
        if not (self.is_bound and self.form.cleaned_data.get("sort")):
            queryset = self.sort_offers(queryset, "sort", "recent")
        return queryset.distinct()

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset

    def filter_region(self, queryset, name, value):
        """Offers of the region, and national offers which apply there too."""
        return queryset.filter(Q(regions=value) | Q(is_national=True))

    def sort_offers(self, queryset, name, value):
        return queryset.order_by(*self.SORTS.get(value, self.SORTS["recent"]))
