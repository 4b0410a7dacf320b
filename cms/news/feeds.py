from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from cms.public_urls import public_url

from .models import NewsIndexPage, NewsPage

FEED_SIZE = 20


class NewsRssFeed(Feed):
    """Every link of the feed starts with the public address (WAGTAILADMIN_BASE_URL), never with
    the host the request came in on."""

    title = _("ComCep — CEP news")
    description = _("The latest news for career development counsellors.")
    url_name = "news_rss"

    def link(self):
        index = NewsIndexPage.objects.live().first()
        return index.full_url if index else public_url("/")

    def feed_url(self):
        return public_url(reverse(self.url_name))

    def items(self):
        return (
            NewsPage.objects.visible()
            .prefetch_related("themes")
            .order_by("-date", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.full_url

    def item_pubdate(self, item):
        return timezone.make_aware(
            timezone.datetime.combine(item.date, timezone.datetime.min.time())
        )

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
    url_name = "news_atom"
    subtitle = NewsRssFeed.description
