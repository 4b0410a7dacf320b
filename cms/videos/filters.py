import django_filters
from django import forms
from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cms.taxonomies.models import Audience, Theme

from .models import VideoPage, duration_band_bounds


class VideoFilter(django_filters.FilterSet):
    """Filters of the video library. An unknown value is ignored (and reported), never an error."""

    q = django_filters.CharFilter(
        label=_("Keywords"),
        method="filter_text",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("Audience"),
        field_name="audiences",
        queryset=Audience.objects.all(),
        to_field_name="slug",
        empty_label=_("All"),
    )
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

    @classmethod
    def for_request(cls, request, queryset):
        return cls(request.GET or None, queryset=queryset)

    @property
    def qs(self):
        return super().qs.distinct()

    def ignored_filters(self):
        if not self.is_bound or self.form.is_valid():
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

    def querystring_without_page(self):
        """The valid filter values, to carry across pages."""
        if not self.is_bound:
            return ""
        self.form.is_valid()
        params = []
        for name in self.form.fields:
            if name in self.form.errors:
                continue
            value = self.data.get(name, "")
            if value:
                params.append((name, value))
        return urlencode(params)

    def filter_text(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(description__icontains=word)
                | Q(transcript__icontains=word)
            )
        return queryset

    def filter_duration(self, queryset, name, value):
        lower, upper = duration_band_bounds(value)
        if lower is not None:
            queryset = queryset.filter(duration__gte=lower)
        if upper is not None:
            queryset = queryset.filter(duration__lt=upper)
        return queryset
