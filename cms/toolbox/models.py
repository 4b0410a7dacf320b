"""The counsellors' toolbox: one page per tool (what it is for, who may use it, how to get in, who
runs it), under /boite-a-outils/, each linked to the UODC videos that teach it and listing the
forum discussions that cite it (the page's citations: community/contributions/links.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.listing import FilteredIndexPage, PortalPage, PortalPageQuerySet
from cms.taxonomies.mixins import AudiencesMixin, ThemesMixin, checkboxes
from cms.videos.models import VideoPage


class ToolboxIndexPage(FilteredIndexPage):
    """The toolbox at /boite-a-outils/: every tool, filterable by audience and theme."""

    forum_shown = None

    initial_title = "Boîte à outils"
    initial_slug = "boite-a-outils"
    initial_introduction = (
        "Les services en ligne et les outils que les conseillers en évolution professionnelle "
        "utilisent avec les personnes : à quoi ils servent, qui peut y accéder, et les vidéos "
        "de l’UODC pour apprendre à s’en servir."
    )

    filterset_class = "cms.toolbox.filters.ToolFilter"
    per_page = 24
    subpage_types = ["toolbox.ToolPage"]

    class Meta:
        verbose_name = _("toolbox")
        verbose_name_plural = _("toolboxes")

    def listing_items(self):
        return ToolPage.objects.child_of(self).visible().order_by("title", "pk").with_listing_data()


class ToolPageQuerySet(PortalPageQuerySet):
    def with_listing_data(self):
        """What a tool card shows, in a fixed number of queries whatever the number of tools."""
        return self.select_related("operator").prefetch_related("themes", "audiences")


class ToolPage(ThemesMixin, AudiencesMixin, PortalPage):
    """One tool a counsellor uses with the people they advise."""

    introduction = None
    introduction_field = "purpose"
    # Its "Discussions that cite it" change with its citations only, not with every post.
    forum_shown = "citations"

    purpose = models.TextField(_("what it is for"))
    users = models.TextField(
        _("who may use it"), help_text=_("The people (or professionals) the tool is open to.")
    )
    access_conditions = models.TextField(
        _("access conditions"),
        blank=True,
        help_text=_("Account, identity check, prescription by a counsellor, cost…"),
    )
    website = models.URLField(_("official link"))
    provider = models.CharField(
        _("run by"),
        max_length=160,
        help_text=_("The organisation that runs the tool, e.g. Caisse des Dépôts."),
    )
    operator = models.ForeignKey(
        "taxonomies.Operator",
        verbose_name=_("CEP operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("When the tool is run by one of the CEP operators."),
    )
    videos = ParentalManyToManyField(
        "videos.VideoPage",
        blank=True,
        related_name="+",
        verbose_name=_("videos that teach it"),
    )

    objects = PageManager.from_queryset(ToolPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("users"),
        FieldPanel("access_conditions"),
        FieldPanel("website"),
        MultiFieldPanel([FieldPanel("provider"), FieldPanel("operator")], heading=_("Run by")),
        MultiFieldPanel(
            [checkboxes("themes"), checkboxes("audiences")], heading=_("Themes and audiences")
        ),
        FieldPanel("videos"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("purpose"),
        index.SearchField("users"),
        index.SearchField("access_conditions"),
        index.SearchField("provider"),
    ]

    parent_page_types = ["toolbox.ToolboxIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("tool")
        verbose_name_plural = _("tools")

    def teaching_videos(self):
        return list(
            VideoPage.objects.visible()
            .filter(pk__in=self.videos.values("pk"))
            .order_by("title")
            .with_listing_data()
        )
