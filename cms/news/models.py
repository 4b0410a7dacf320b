from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.listing import FilteredIndexPage, PortalPage
from cms.offers.models import OfferPage
from cms.taxonomies.mixins import ThemesSchemesMixin

NEWS_PER_PAGE = 10


class NewsIndexPage(FilteredIndexPage):
    """/actualites/: CEP news, newest first, filterable by theme and scheme, with feeds."""

    forum_shown = None

    initial_title = "Actualités"
    initial_slug = "actualites"
    initial_introduction = (
        "Les nouvelles du CEP, des dispositifs et des financements, en quelques lignes."
    )

    filterset_class = "cms.news.filters.NewsFilter"
    per_page = NEWS_PER_PAGE
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    def listing_items(self):
        return NewsPage.objects.visible().child_of(self).prefetch_related("themes")


class NewsPage(ThemesSchemesMixin, PortalPage):
    """A piece of CEP news, with the schemes and offers it affects (kept for future alerts)."""

    forum_shown = "citations"
    introduction = None
    introduction_field = "summary"

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    related_offers = ParentalManyToManyField(
        "offers.OfferPage", blank=True, related_name="news", verbose_name=_("offers affected")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        ThemesSchemesMixin.themes_panel,
        FieldPanel("related_offers", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    def live_related_offers(self):
        """The live offers this news affects. In Wagtail's preview, ``related_offers`` is a
        FakeQuerySet built from the form (no ``live()``): the ids it holds are queried here."""

        offers = self.related_offers.all()
        if hasattr(offers, "live"):
            return offers.live()
        return OfferPage.objects.live().filter(pk__in=[offer.pk for offer in offers])

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-date"]
