"""The chip of an applied yes/no filter in French ("Actif : Oui", not "Actif : True").

Boolean columns (``BooleanColumn``) say "Oui" / "Non" through the project's
templates/wagtailadmin/tables/boolean_cell.html. Imported by cms/taxonomies/wagtail_hooks.py.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)


def yes_or_no(value):
    return _("Yes") if value else _("No")


class YesNoFilterAdapter(BaseFilterAdapter):
    """The chip of an applied yes/no filter: "Actif : Oui"."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            str(yes_or_no(self.value)),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)
