from django.utils.translation import gettext_lazy as _

from cms.listing import ListingFilterSet, reference_filter
from cms.taxonomies.models import Theme

from .models import QuestionAnswerPage


class QuestionFilter(ListingFilterSet):
    theme = reference_filter(Theme, _("Theme"), field_name="themes")

    class Meta:
        model = QuestionAnswerPage
        fields = []
