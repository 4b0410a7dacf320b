"""Filters of the local sites listed on /structures/: region, department, operator, keywords."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from cms.listing import ListingFilterSet, reference_filter
from cms.performance.choices import remember_rendering
from cms.performance.shared import remember
from cms.taxonomies.models import Operator, Region

from .departments import DEPARTMENTS
from .models import StructurePage

# The value of "Toutes les régions": distinct from no value, which chooses a member's own region.
ALL_REGIONS = "toutes"


def _department_groups():
    regions = {region.code: region.name for region in Region.objects.all()}
    groups = {}
    for code, name, region_code in DEPARTMENTS:
        label = regions.get(region_code)
        if label is not None:
            groups.setdefault(label, []).append((code, f"{code} – {name}"))
    return list(groups.items())


def department_choices():
    """The departments grouped under their region's name, regions in their usual order."""
    return remember("structures:department-choices", _department_groups)


class RegionOrAllField(ModelChoiceField):
    """A region by slug, or ``ALL_REGIONS`` (no region)."""

    def to_python(self, value):
        return None if value == ALL_REGIONS else super().to_python(value)


class RegionOrAllFilter(django_filters.ModelChoiceFilter):
    field_class = RegionOrAllField


class LocalSiteFilter(ListingFilterSet):
    region = RegionOrAllFilter(
        field_name="regions",
        queryset=Region.objects.all(),
        to_field_name="slug",
        label=_("Region"),
        empty_label=None,
    )
    department = django_filters.ChoiceFilter(
        label=_("Department"), choices=department_choices, empty_label=_("All")
    )
    operator = reference_filter(Operator, _("Operator"))

    class Meta:
        model = StructurePage
        fields = []

    @property
    def form(self):
        built = hasattr(self, "_form")
        form = super().form
        if not built:
            region = form.fields["region"]
            # "All regions" first, with a value of its own (see ALL_REGIONS).
            region._choices = region.widget.choices = [
                (ALL_REGIONS, _("All regions")),
                *region._choices,
            ]
            department = form.fields["department"]
            flat = [("", "")] + [
                option for _group, options in department.choices[1:] for option in options
            ]
            remember_rendering(department.widget, "choices:departments", flat)
        return form

    def active_filter_count(self):
        count = super().active_filter_count()
        return count - 1 if self.is_bound and self.data.get("region") == ALL_REGIONS else count
