"""Page mixins that link a page to the reference lists. Each mixin owns its fields and its panel.

One mixin a reference list (``ThemesMixin``, ``SchemesMixin``, ``AudiencesMixin``,
``OperatorsMixin``, ``RegionsMixin``), so that a page type takes only the lists it uses, under the
same field names everywhere; ``ThemesSchemesMixin`` and ``TargetingMixin`` group them as offers and
news use them.
"""

from django import forms
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from cms.listing import PortalPageQuerySet


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
    every region (the region rule: ``applies_in``). A page with no region and no flag
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


def applies_in(model, region):
    """The region rule, as a condition on ``model``'s pages: those that apply in ``region`` (a
    Region, its pk, or ``None`` for "no region given").

    A page applies in a region when it names that region among its own regions or, for a page type
    with the national flag (``TargetingMixin``), when it is national: a national page applies in
    every region, and with no region given only the national pages apply. The catalogue filter,
    the API's ``?region=``, the home page's newest offers, the digest and the search's region facet
    all go through it (``TargetedPageQuerySet.for_region`` for offers).
    """
    condition = linked_to_region(model, region)
    if issubclass(model, TargetingMixin):
        condition |= Q(is_national=True)
    return condition


def linked_to_region(model, region):
    """An ``Exists`` condition: the page names ``region`` among its own regions."""
    field = model._meta.get_field("regions")
    through = field.remote_field.through.objects.filter(
        **{
            f"{field.m2m_field_name()}_id": OuterRef("pk"),
            field.m2m_reverse_field_name(): region,
        }
    )
    return Exists(through)


class TargetedPageQuerySet(PortalPageQuerySet):
    """Queries shared by the page types built on ``TargetingMixin``."""

    def for_region(self, region):
        """The pages that apply in ``region`` (a Region or its pk): its own and the national ones
        (the rule: ``applies_in``)."""
        return self.filter(applies_in(self.model, region))

    def ids_by_region(self, regions):
        """{region pk: set of page pks} of this queryset's pages that apply in each of ``regions``
        (Regions, pks or ``None``), by the same rule, in one query whatever their number."""
        keys = {getattr(region, "pk", region) for region in regions}
        if not keys:
            return {}
        parts = [
            self.for_region(key)
            .order_by()
            .annotate(for_region=Value(key, output_field=models.IntegerField()))
            .values_list("for_region", "pk")
            for key in keys
        ]
        found = {key: set() for key in keys}
        for key, pk in parts[0].union(*parts[1:], all=True):
            found[key].add(pk)
        return found

    def linked_to_region(self, region):
        """An ``Exists`` condition: the page names ``region`` among its own regions."""
        return linked_to_region(self.model, region)
