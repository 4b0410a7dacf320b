from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.listing import PortalPage


class StandardPage(PortalPage):
    """A plain page: legal notice, accessibility statement, personal data, about."""

    forum_shown = None

    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [*PortalPage.content_panels, FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "standard.StandardPage"]
    subpage_types = ["standard.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    @classmethod
    def footer_links(cls):
        """Live pages that editors chose to show in the footer ("Afficher dans les menus")."""
        return cls.objects.visible().filter(show_in_menus=True).order_by("path")
