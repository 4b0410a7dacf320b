from django.utils.translation import gettext_lazy as _

from cms.listing import ListingFilterSet, reference_filter
from cms.taxonomies.models import Scheme, Theme

from .models import NewsPage


class NewsFilter(ListingFilterSet):
    theme = reference_filter(Theme, _("Theme"), field_name="themes")
    scheme = reference_filter(Scheme, _("Scheme"), field_name="schemes")

    class Meta:
        model = NewsPage
        fields = []

    @property
    def qs(self):
        return super().qs.order_by("-date", "-pk")
