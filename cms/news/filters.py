import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.offers.filters import IgnoringInvalidFilterSet, reference_filter
from cms.taxonomies.models import Scheme, Theme

from .models import NewsPage


class NewsFilter(IgnoringInvalidFilterSet):
    q = django_filters.CharFilter(
        label=_("Keywords"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )
    theme = reference_filter(Theme, _("Theme"), field_name="themes")
    scheme = reference_filter(Scheme, _("Scheme"), field_name="schemes")

    class Meta:
        model = NewsPage
        fields = []

    @property
    def qs(self):
        return super().qs.order_by("-date", "-pk").distinct()

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        return queryset
