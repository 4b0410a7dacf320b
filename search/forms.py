from django import forms
from django.utils.translation import gettext_lazy as _

from cms.performance.choices import cached_choices
from cms.taxonomies.models import Region, Theme

from .engine import MAX_QUERY_LENGTH
from .page_types import TYPE_LABELS


class SearchForm(forms.Form):
    """The query and its facets, read from the URL (a GET form: results can be shared)."""

    q = forms.CharField(label=_("Search"), required=False, strip=True)
    type = forms.MultipleChoiceField(
        label=_("Type"),
        required=False,
        choices=list(TYPE_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=Theme.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All regions"),
    )
    resolu = forms.BooleanField(label=_("Resolved discussions only"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("relevance", _("Most relevant")), ("recent", _("Most recent"))],
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        # Very long queries are answered: the search keeps their beginning.
        if "q" in data:
            data["q"] = data["q"][: MAX_QUERY_LENGTH * 5]
        super().__init__(data, *args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": MAX_QUERY_LENGTH * 5})
        # The lists of themes and regions, from the shared cache (cms/performance/choices.py).
        for name in ("theme", "region"):
            field = self.fields[name]
            field._choices = field.widget.choices = cached_choices(field)

    def value(self, name):
        """The cleaned value of ``name``, or its default when it was missing or not valid."""
        if name in self.errors:
            return self.fields[name].initial or ("relevance" if name == "sort" else None)
        return self.cleaned_data.get(name)

    def ignored_filters(self):
        """Labels of the facets whose value was not valid, hence ignored."""
        return [str(self.fields[name].label) for name in self.errors]
