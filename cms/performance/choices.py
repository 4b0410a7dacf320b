"""The choices of the filters over reference lists (regions, audiences, themes…), from the shared
cache: they change only when an editor changes a list, which bumps the version of public content."""

import hashlib

from django import forms
from django.core.exceptions import EmptyResultSet
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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
    remember_rendering(field.widget, key, choices)
    return choices


def remember_rendering(widget, key, choices):
    """Keep what ``widget`` renders, per version of public content and value chosen.

    Django renders each option of a select through a template: about half a millisecond for a
    list of regions, on every page that shows the filter. The markup depends only on the
    choices (``key``), the value chosen, the field's name and attributes and the language; a
    value outside the choices (typed in the address) is rendered each time, so that visitors
    cannot fill the cache.
    """
    render = widget.render
    known = {str(value) for value, _label in choices}

    def cached_render(name, value, attrs=None, renderer=None):
        values = value if isinstance(value, list | tuple) else [value]
        chosen = ["" if item is None else str(item) for item in values]
        if not all(item in known or item == "" for item in chosen):
            return render(name, value, attrs, renderer)
        about = repr((name, chosen, sorted((attrs or {}).items()), widget.attrs, get_language()))
        digest = hashlib.sha256(about.encode()).hexdigest()[:16]
        markup = remember(
            f"widget:{key}:{digest}", lambda: str(render(name, value, attrs, renderer))
        )
        return mark_safe(markup)  # noqa: S308  (what Django's widget rendered, escaped there)

    widget.render = cached_render


def remember_static_rendering(field):
    """Keep what a select over choices written in the code renders (see ``remember_rendering``),
    under a key naming those choices as the reader's language words them."""
    choices = [(value, str(label)) for value, label in field.choices]
    digest = hashlib.sha256(repr(choices).encode()).hexdigest()[:16]
    remember_rendering(field.widget, f"choices:static:{digest}", choices)


class CachedChoicesMixin:
    """For a django-filter FilterSet: its selects over models list cached choices."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            for field in super().form.fields.values():
                if isinstance(field, forms.ModelChoiceField):
                    # What ModelChoiceField returns as its choices once they are set.
                    field._choices = field.widget.choices = cached_choices(field)
                elif isinstance(field, forms.ChoiceField):
                    remember_static_rendering(field)
        return self._form
