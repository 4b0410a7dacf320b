"""The choices of the filters over reference lists (regions, audiences, themes…), from the shared
cache: they change only when an editor changes a list, which bumps the version of public content."""

import hashlib

from django import forms
from django.core.exceptions import EmptyResultSet

from .shared import remember


def cached_choices(field):
    """What ``field`` (a ModelChoiceField) lists, computed once per version of public content."""
    queryset = field.queryset
    try:
        sql = str(queryset.query)
    except EmptyResultSet:
        return []
    digest = hashlib.sha256(sql.encode()).hexdigest()[:16]
    key = f"choices:{queryset.model._meta.label_lower}:{field.to_field_name}:{digest}"
    choices = remember(
        key,
        lambda: [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in queryset],
    )
    if not isinstance(field, forms.ModelMultipleChoiceField) and field.empty_label is not None:
        choices = [("", field.empty_label), *choices]
    return choices


class CachedChoicesMixin:
    """For a django-filter FilterSet: its selects over models list cached choices."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():
                if isinstance(field, forms.ModelChoiceField):
                    # What ModelChoiceField returns as its choices once they are set.
                    field._choices = field.widget.choices = cached_choices(field)
        return self._form
