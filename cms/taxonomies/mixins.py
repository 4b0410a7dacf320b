"""Page mixins that link a page to the reference lists. Each mixin owns its fields and its panel."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class ThemesSchemesMixin(models.Model):
    """What a page is about: cross-cutting themes and the public schemes it concerns."""

    themes = ParentalManyToManyField(
        "taxonomies.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )
    schemes = ParentalManyToManyField(
        "taxonomies.Scheme", blank=True, related_name="+", verbose_name=_("schemes")
    )

    themes_panel = MultiFieldPanel(
        [
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("schemes", widget=forms.CheckboxSelectMultiple),
        ],
        heading=_("Themes and schemes"),
    )

    class Meta:
        abstract = True


class TargetingMixin(models.Model):
    """Whom a page is for and where: audiences, operators, regions or the whole country."""

    audiences = ParentalManyToManyField(
        "taxonomies.Audience", blank=True, related_name="+", verbose_name=_("audiences")
    )
    operators = ParentalManyToManyField(
        "taxonomies.Operator", blank=True, related_name="+", verbose_name=_("operators")
    )
    is_national = models.BooleanField(
        _("national"),
        default=False,
        help_text=_("Available everywhere in France: shown whatever region a reader chooses."),
    )
    regions = ParentalManyToManyField(
        "taxonomies.Region", blank=True, related_name="+", verbose_name=_("regions")
    )

    targeting_panel = MultiFieldPanel(
        [
            FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            FieldPanel("operators", widget=forms.CheckboxSelectMultiple),
            FieldPanel("is_national"),
            FieldPanel("regions", widget=forms.CheckboxSelectMultiple),
        ],
        heading=_("Audiences and regions"),
    )

    class Meta:
        abstract = True
