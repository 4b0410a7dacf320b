from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.listing import PortalPage
from cms.news.models import NewsIndexPage, NewsPage
from cms.offers.models import OfferIndexPage, OfferPage, OfferPageQuerySet
from cms.performance.pages import CachedRoutingMixin
from cms.performance.shared import remember
from cms.taxonomies.models import Region
from community.forum_conversation.selectors import latest_topics

HOME_OFFERS_COUNT = 4
HOME_NEWS_COUNT = 3


def chosen_region(request):
    """The region whose offers a reader sees: ``?region=<slug>`` when valid, else the member's."""
    slug = request.GET.get("region")
    region = Region.objects.filter(slug=slug).first() if slug else None
    return region or getattr(request.user, "region", None)


def region_slugs():
    return remember(
        "region-slugs", lambda: frozenset(Region.objects.values_list("slug", flat=True))
    )


class HomePage(CachedRoutingMixin, PortalPage):
    """The portal's front page: an editable introduction and what is new in the community."""

    # Formatted text, where the other pages have plain text.
    introduction = RichTextField(
        _("introduction"), blank=True, features=["h2", "h3", "bold", "italic", "ul", "link"]
    )
    latest_topics_count = models.PositiveSmallIntegerField(
        _("number of recent discussions shown"), default=5
    )

    settings_panels = [*Page.settings_panels, FieldPanel("latest_topics_count")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "offers.OfferIndexPage",
        "structures.StructureIndexPage",
        "news.NewsIndexPage",
        "videos.VideoIndexPage",
        "questions.QuestionIndexPage",
        "toolbox.ToolboxIndexPage",
        "consultations.ConsultationIndexPage",
        "paths.PathIndexPage",
        "standard.StandardPage",
    ]
    max_count = 1
    # What the page reads from the query string (the page caches key it on these only).
    query_parameters = ("region",)

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_topics"] = latest_topics(
            request.user,
            limit=self.latest_topics_count,
            handler=getattr(request, "forum_permission_handler", None),
        )
        # The offers and the news are template fragments kept per version of public content
        # (and, for the offers, per region asked for and member's region): lazy, so that a
        # fragment found in the cache runs no query.
        # A slug that names no region shows what no slug shows: one fragment for all of them.
        slug = request.GET.get("region", "")
        context["offers_key"] = (
            f"{slug if slug in region_slugs() else ''}:{getattr(request.user, 'region_id', '')}"
        )
        context["offers_region"] = SimpleLazyObject(lambda: chosen_region(request))
        context["newest_offers"] = SimpleLazyObject(lambda: newest_offers(chosen_region(request)))
        context["latest_news"] = NewsPage.objects.visible().order_by("-date", "-pk")[
            :HOME_NEWS_COUNT
        ]
        context["catalogue"] = remember(
            "home:catalogue", lambda: OfferIndexPage.objects.live().first()
        )
        context["news_index"] = remember(
            "home:news-index", lambda: NewsIndexPage.objects.live().first()
        )
        return context


def newest_offers(region):
    """ "Nouvelles offres": the newest live offers that carry no "to check" banner (neither past
    their freshness or validity, nor flagged by a news item)."""
    today = timezone.localdate()
    offers = OfferPage.objects.visible().exclude(OfferPageQuerySet.stale_condition(today))
    offers = offers.exclude(pk__in=OfferPage.objects.flagged().values("pk"))
    if region is not None:
        offers = offers.for_region(region)
    return list(offers.newest(region).prefetch_related("regions", "audiences")[:HOME_OFFERS_COUNT])
