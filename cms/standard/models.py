from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.performance.membercache import MemberPageCacheMixin
from cms.performance.pages import CachedPrivacyMixin, private_q


class StandardPage(MemberPageCacheMixin, CachedPrivacyMixin, Page):
    """A plain page: legal notice, accessibility statement, personal data, about."""

    forum_shown = None

    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"])

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
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
        return cls.objects.live().exclude(private_q()).filter(show_in_menus=True).order_by("path")
