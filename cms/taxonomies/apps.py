from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomiesConfig(AppConfig):
    name = "cms.taxonomies"
    label = "taxonomies"
    verbose_name = _("Reference lists")
