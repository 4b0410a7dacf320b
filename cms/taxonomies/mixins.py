"""Page mixins that link a page to the reference lists. Each mixin owns its fields and its panel.

One mixin a reference list (``ThemesMixin``, ``SchemesMixin``, ``AudiencesMixin``,
``OperatorsMixin``, ``RegionsMixin``), so that a page type takes only the lists it uses, under the
same field names everywhere; ``ThemesSchemesMixin`` and ``TargetingMixin`` group them as offers and
news use them.
"""

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.query import PageQuerySet


def checkboxes(field_name, **kwargs):
    return FieldPanel(field_name, widget=forms.CheckboxSelectMultiple, **kwargs)


class ThemesMixin(models.Model):
    """Cross-cutting themes a page is about."""

    themes = ParentalManyToManyField(
        "taxonomies.Theme", blank=True, related_name="+", verbose_name=_("themes")
    )

    class Meta:
        abstract = True


class SchemesMixin(models.Model):
    """The public schemes a page concerns."""

    schemes = ParentalManyToManyField(
        "taxonomies.Scheme", blank=True, related_name="+", verbose_name=_("schemes")
    )

    class Meta:
        abstract = True


class AudiencesMixin(models.Model):
    """Whom a page is for."""

    audiences = ParentalManyToManyField(
        "taxonomies.Audience", blank=True, related_name="+", verbose_name=_("audiences")
    )

    class Meta:
        abstract = True


class OperatorsMixin(models.Model):
    """The CEP operators a page concerns."""

    operators = ParentalManyToManyField(
        "taxonomies.Operator", blank=True, related_name="+", verbose_name=_("operators")
    )

    class Meta:
        abstract = True


class RegionsMixin(models.Model):
    """The regions where a page applies."""

    regions = ParentalManyToManyField(
        "taxonomies.Region", blank=True, related_name="+", verbose_name=_("regions")
    )

    class Meta:
        abstract = True


class ThemesSchemesMixin(ThemesMixin, SchemesMixin):
    """What a page is about: cross-cutting themes and the public schemes it concerns."""

    themes_panel = MultiFieldPanel(
        [checkboxes("themes"), checkboxes("schemes")], heading=_("Themes and schemes")
    )

    class Meta:
        abstract = True


class TargetingMixin(AudiencesMixin, OperatorsMixin, RegionsMixin):
    """Whom a page is for and where: audiences, operators, regions or the whole country.

    A page is *national* when its ``is_national`` flag is set, whatever its regions: it applies in
    every region (see ``TargetedPageQuerySet.for_region``). A page with no region and no flag
    applies in no particular region.
    """

    is_national = models.BooleanField(
        _("national"),
        default=False,
        help_text=_("Available everywhere in France: shown whatever region a reader chooses."),
    )

    targeting_panel = MultiFieldPanel(
        [
            checkboxes("audiences"),
            checkboxes("operators"),
            FieldPanel("is_national"),
            checkboxes("regions"),
        ],
        heading=_("Audiences and regions"),
    )

    class Meta:
        abstract = True


class TargetedPageQuerySet(PageQuerySet):
    """Queries shared by the page types built on ``TargetingMixin``."""

    def for_region(self, region):
        """The pages that apply in ``region`` (a Region or its pk): its own and the national ones.

        The one meaning of "for a region": the catalogue filter, the API's ``?region=`` and the
        home page's newest offers all use it.
        """
        return self.filter(Q(is_national=True) | self.linked_to_region(region))

    def linked_to_region(self, region):
        """An ``Exists`` condition: the page names ``region`` among its own regions."""
        field = self.model._meta.get_field("regions")
        through = field.remote_field.through.objects.filter(
            **{
                f"{field.m2m_field_name()}_id": OuterRef("pk"),
                field.m2m_reverse_field_name(): region,
            }
        )
        return Exists(through)
