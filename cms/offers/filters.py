import django_filters
from django.utils.translation import gettext_lazy as _

from cms.listing import ListingFilterSet, reference_filter
from cms.taxonomies.models import Audience, Operator, Region, Scheme, Theme

from .models import OfferPage


class OfferFilter(ListingFilterSet):
    SORTS = {
        "recent": ("-first_published_at", "title"),
        "title": ("title",),
        "verified": ("-verified_on", "title"),
    }

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
        return queryset

    def filter_region(self, queryset, name, value):
        """Offers of the region, and national offers which apply there too."""
        return queryset.for_region(value)

    def sort_offers(self, queryset, name, value):
        return queryset.order_by(*self.SORTS.get(value, self.SORTS["recent"]))
