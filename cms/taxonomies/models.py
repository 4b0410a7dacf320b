"""The shared vocabulary of the portal: audiences, regions, operators, themes and schemes.

Editors maintain these lists as snippets; offers, news, videos and forum topics link to them, so a
theme means the same thing in the catalogue and in the forum.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class ReferenceItem(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Used in addresses and filters. Filled in from the name when left empty."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=100, help_text=_("Smaller numbers come first.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:120]
        super().save(*args, **kwargs)


class Audience(ReferenceItem):
    """A public the CEP serves: job seekers, employees, young people…"""

    description = models.TextField(_("description"), blank=True)

    panels = [*ReferenceItem.panels, FieldPanel("description")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Region(ReferenceItem):
    """One of the 18 French regions."""

    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    is_overseas = models.BooleanField(_("overseas region"), default=False)

    panels = [*ReferenceItem.panels, FieldPanel("code"), FieldPanel("is_overseas")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Operator(ReferenceItem):
    """A national CEP operator: France Travail, Apec, Missions locales, Cap emploi…"""

    short_description = models.CharField(_("whom it serves"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)

    panels = [*ReferenceItem.panels, FieldPanel("short_description"), FieldPanel("website")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("operator")
        verbose_name_plural = _("operators")


class Theme(ReferenceItem):
    """A cross-cutting theme, shared by catalogue pages and forum topics."""

    description = models.TextField(_("description"), blank=True)

    panels = [*ReferenceItem.panels, FieldPanel("description")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Scheme(ReferenceItem):
    """A public scheme content refers to: CPF, PTP, VAE, Pro-A, bilan de compétences…"""

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    official_url = models.URLField(_("official page"), blank=True)

    panels = [*ReferenceItem.panels, FieldPanel("full_name"), FieldPanel("official_url")]

    class Meta(ReferenceItem.Meta):
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
