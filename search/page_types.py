"""The kinds of results of the site search: the page types it finds, with their labels and
the fields of their short description, and the forum's discussions."""

from functools import cache

from django.utils.translation import gettext_lazy as _

from cms.news.models import NewsPage
from cms.offers.models import OfferPage
from cms.standard.models import StandardPage
from cms.structures.models import StructurePage
from cms.toolbox.models import ToolPage
from cms.videos.models import VideoPage

PAGE_TYPES = {
    "offre": (OfferPage, _("Offer")),
    "structure": (StructurePage, _("Structure")),
    "actualite": (NewsPage, _("News item")),
    "video": (VideoPage, _("Video")),
    "outil": (ToolPage, _("Tool")),
    "page": (StandardPage, _("Page")),
}
DISCUSSION = "discussion"
TYPE_LABELS = {name: label for name, (_model, label) in PAGE_TYPES.items()} | {
    DISCUSSION: _("Discussion")
}
# Page types that carry themes, and those that apply to regions (discussions have no region).
THEMED_PAGES = (OfferPage, NewsPage, VideoPage, ToolPage)
REGIONAL_PAGES = (OfferPage, StructurePage)


@cache
def summary_fields(model):
    """The fields that may hold a page's short description, the first one filled being shown: its
    introduction (``PortalPage.introduction_field``), else its search description."""
    return [model.introduction_field, "search_description"]
