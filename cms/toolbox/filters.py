from django.utils.translation import gettext_lazy as _

from cms.listing import ListingFilterSet, reference_filter
from cms.taxonomies.models import Audience, Theme

from .models import ToolPage


class ToolFilter(ListingFilterSet):
    """Filters of the toolbox. An unknown value is ignored (and reported), never an error."""

    audience = reference_filter(Audience, _("Audience"), field_name="audiences")
    theme = reference_filter(Theme, _("Theme"), field_name="themes")

    class Meta:
        model = ToolPage
        fields = []
