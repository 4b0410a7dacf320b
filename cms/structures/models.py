from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.listing import IndexPage
from cms.performance.pages import CachedPrivacyMixin, private_q
from cms.taxonomies.mixins import AudiencesMixin, RegionsMixin, checkboxes
from cms.taxonomies.models import Audience

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class StructureIndexPage(RoutablePageMixin, IndexPage):
    """/structures/: the operators doing CEP, and "Qui fait quoi" built from their pages."""

    initial_title = "Structures"
    initial_slug = "structures"
    initial_introduction = (
        "Qui délivre le CEP, à quels publics, et comment l’accompagnement se "
        "déroule dans chaque réseau."
    )

    subpage_types = ["structures.StructurePage"]

    class Meta:
        verbose_name = _("structures index")
        verbose_name_plural = _("structures indexes")

    def operator_pages(self):
        return (
            StructurePage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .select_related("operator")
            .prefetch_related("audiences", "regions")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        operators = list(self.operator_pages())
        local_sites = (
            StructurePage.objects.descendant_of(self)
            .live()
            .exclude(private_q())
            .filter(depth__gt=self.depth + 1)
            .prefetch_related("regions")
            .order_by("title")
        )
        context.update(operators=operators, local_sites=local_sites)
        return context

    @path("qui-fait-quoi/", name="who_does_what")
    def who_does_what(self, request):
        """For each audience, the operators that serve it, from the structures' own fields."""
        context = self.get_context(request)
        operators = context["operators"]
        context["rows"] = [
            {
                "audience": audience,
                "structures": [page for page in operators if audience in page.audiences.all()],
            }
            for audience in Audience.objects.all()
        ]
        return TemplateResponse(request, "structures/who_does_what.html", context)


class StructurePage(CachedPrivacyMixin, AudiencesMixin, RegionsMixin, Page):
    """An operator, or one of its local sites, and how the CEP works there."""

    class Remote(models.TextChoices):
        ON_SITE = "on_site", _("On site only")
        REMOTE = "remote", _("Remote only")
        BOTH = "both", _("On site or remote")

    operator = models.ForeignKey(
        "taxonomies.Operator",
        on_delete=models.PROTECT,
        related_name="structure_pages",
        verbose_name=_("operator"),
    )
    summary = models.TextField(_("summary"), max_length=400)
    appointments = RichTextField(_("how to get an appointment"), features=RICH_FEATURES)
    phases = RichTextField(_("phases of the support"), blank=True, features=RICH_FEATURES)
    typical_duration = models.CharField(_("typical duration"), max_length=120, blank=True)
    remote = models.CharField(
        _("on site or remote"), max_length=20, choices=Remote.choices, default=Remote.BOTH
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("contact e-mail of the structure"), blank=True)
    website = models.URLField(_("website"), blank=True)
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("more information"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("operator"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                checkboxes("audiences", heading=_("audiences served")),
                checkboxes("regions", heading=_("regions covered")),
            ],
            heading=_("Whom and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("appointments"),
                FieldPanel("phases"),
                FieldPanel("typical_duration"),
                FieldPanel("remote"),
            ],
            heading=_("How the CEP works here"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("phases")]

    parent_page_types = ["structures.StructureIndexPage", "structures.StructurePage"]
    subpage_types = ["structures.StructurePage"]

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["local_sites"] = (
            StructurePage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .prefetch_related("regions")
        )
        return context
