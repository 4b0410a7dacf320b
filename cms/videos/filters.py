import django_filters
from django.utils.translation import gettext_lazy as _

from cms.listing import ListingFilterSet, reference_filter
from cms.taxonomies.models import Audience, Theme

from .models import VideoPage, duration_band_bounds


class VideoFilter(ListingFilterSet):
    """Filters of the video library. An unknown value is ignored (and reported), never an error."""

    theme = reference_filter(Theme, _("Theme"), field_name="themes")
    audience = reference_filter(Audience, _("Audience"), field_name="audiences")
    duration = django_filters.ChoiceFilter(
        label=_("Duration"),
        choices=[
            ("short", _("Under 5 minutes")),
            ("medium", _("5 to 15 minutes")),
            ("long", _("Over 15 minutes")),
        ],
        empty_label=_("All"),
        method="filter_duration",
    )

    class Meta:
        model = VideoPage
        fields = []

    def filter_duration(self, queryset, name, value):
        lower, upper = duration_band_bounds(value)
        if lower is not None:
            queryset = queryset.filter(duration__gte=lower)
        if upper is not None:
            queryset = queryset.filter(duration__lt=upper)
        return queryset
