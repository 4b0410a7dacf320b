from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.listing import FilteredIndexPage, PortalPage
from cms.performance.invalidation import depends_on
from cms.performance.membercache import serve_for_member
from cms.performance.shared import remember
from cms.taxonomies.mixins import AudiencesMixin, RegionsMixin, checkboxes
from cms.taxonomies.models import Audience, Region

from .departments import DEPARTMENT_CHOICES, DEPARTMENT_NAMES

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# Local sites listed on an operator's page; the rest are in the structures' filtered listing.
LOCAL_SITES_SHOWN = 12


class StructureIndexPage(RoutablePageMixin, FilteredIndexPage):
    """/structures/: the operators doing CEP, their local sites (filtered by region, department,
    operator; a signed-in counsellor's region chosen first), and "Qui fait quoi" built from their
    pages."""

    initial_title = "Structures"
    initial_slug = "structures"
    initial_introduction = (
        "Qui délivre le CEP, à quels publics, et comment l’accompagnement se "
        "déroule dans chaque réseau."
    )

    subpage_types = ["structures.StructurePage"]
    filterset_class = "cms.structures.filters.LocalSiteFilter"
    per_page = 24
    forum_shown = None

    class Meta:
        verbose_name = _("structures index")
        verbose_name_plural = _("structures indexes")

    def serve(self, request, view=None, args=None, kwargs=None):
        """Each route (the listing, "Qui fait quoi") through the members' page cache, as every
        page is: ``RoutablePageMixin`` calls a route's view without ``Page.serve``."""
        if view is None:
            return super().serve(request, view, args, kwargs)
        depends_on(request, *self.cache_keys())
        return serve_for_member(
            request,
            f"page-{self.pk}",
            lambda: super(StructureIndexPage, self).serve(request, view, args, kwargs),
            page=self,
        )

    def operator_pages(self):
        return (
            StructurePage.objects.child_of(self)
            .visible()
            .select_related("operator")
            .prefetch_related("audiences", "regions")
        )

    def listing_items(self):
        """The local sites: the structure pages below an operator's page."""
        return (
            StructurePage.objects.descendant_of(self)
            .visible()
            .filter(depth__gt=self.depth + 1)
            .select_related("operator")
            .prefetch_related("regions")
            .order_by("title", "pk")
        )

    def listing_initial(self, request):
        """A signed-in counsellor sees the sites of their own region first ("Toutes les
        régions" in the filter shows them all)."""
        region_id = getattr(request.user, "region_id", None)
        if region_id is None:
            return None
        slugs = remember(
            "structures:region-slugs", lambda: dict(Region.objects.values_list("pk", "slug"))
        )
        return {"region": slugs[region_id]} if region_id in slugs else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["operators"] = list(self.operator_pages())
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


class StructurePage(AudiencesMixin, RegionsMixin, PortalPage):
    """An operator, or one of its local sites, and how the CEP works there."""

    forum_shown = None
    introduction = None
    introduction_field = "summary"

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
    appointments = RichTextField(
        _("how to get an appointment"),
        features=RICH_FEATURES,
        blank=True,
        help_text=_("Left empty on a local site: its operator's page says it."),
    )
    appointment_url = models.URLField(_("online appointment"), blank=True)
    opening_hours = models.TextField(
        _("opening hours"), blank=True, help_text=_("One line a day or a period.")
    )
    cep_organisation = RichTextField(
        _("how we organise the CEP"),
        blank=True,
        features=["h3", *RICH_FEATURES],
        help_text=_(
            "The team, how a request is received and followed, the partners the structure "
            "refers to: what other counsellors need to know to work with it."
        ),
    )
    phases = RichTextField(_("phases of the support"), blank=True, features=RICH_FEATURES)
    typical_duration = models.CharField(_("typical duration"), max_length=120, blank=True)
    remote = models.CharField(
        _("on site or remote"), max_length=20, choices=Remote.choices, default=Remote.BOTH
    )
    address = models.TextField(_("address"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    department = models.CharField(
        _("department"), max_length=3, blank=True, choices=DEPARTMENT_CHOICES, db_index=True
    )
    external_id = models.CharField(
        _("identifier in the imported file"),
        max_length=64,
        blank=True,
        help_text=_("Set by manage.py import_structures: the site's identifier in its source."),
    )
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
                FieldPanel("appointment_url"),
                FieldPanel("opening_hours"),
                FieldPanel("cep_organisation"),
                FieldPanel("phases"),
                FieldPanel("typical_duration"),
                FieldPanel("remote"),
            ],
            heading=_("How the CEP works here"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
                FieldPanel("department"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("website"),
                FieldPanel("external_id", read_only=True),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("phases"),
        index.SearchField("city"),
        index.SearchField("cep_organisation"),
    ]

    parent_page_types = ["structures.StructureIndexPage", "structures.StructurePage"]
    subpage_types = ["structures.StructurePage"]

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~Q(external_id=""),
                name="structures_unique_external_id",
            )
        ]

    @property
    def department_name(self):
        return DEPARTMENT_NAMES.get(self.department, "")

    # What the page reads besides its own fields, read only when its fragment is rendered
    # (templates/structures/structure_page.html keeps it per version of public content).
    @cached_property
    def operator_page(self):
        """A local site says what differs from its operator's page; the rest is read there."""
        parent = self.get_parent().specific
        return parent if isinstance(parent, StructurePage) else None

    @cached_property
    def local_sites(self):
        return StructurePage.objects.child_of(self).visible()

    def shown_local_sites(self):
        return self.local_sites.prefetch_related("regions").order_by("title")[:LOCAL_SITES_SHOWN]
