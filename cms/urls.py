from pathlib import Path

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from machina.core.loading import get_class
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import page_order
from cms.api import api_router
from cms.converters import with_database_ids
from cms.news.feeds import NewsAtomFeed, NewsRssFeed
from cms.standard.views import robots_txt, site_map
from search.views import forum_search

# machina's URLs, as its BoardURLPatternsFactory mounts them, without its search (haystack, removed)
# and its feeds (they printed hidden posts; community/urls.py has feeds that do not).
machina_urls = [
    path(prefix, include(get_class(f"{app}.urls", "urlpatterns_factory").urlpatterns))
    for prefix, app in (
        ("", "forum"),
        ("", "forum_conversation"),
        ("member/", "forum_member"),
        ("moderation/", "forum_moderation"),
        ("tracking/", "forum_tracking"),
    )
]

# The MEDIA_ROOT folders a web server may serve as they are (Wagtail's images and renditions).
PUBLIC_MEDIA_FOLDERS = ("images", "original_images")

urlpatterns = [
    # Django's admin manages what Wagtail's cannot: forums and their permissions.
    path("django-admin/", admin.site.urls),
    # Wagtail's, for POSTs about a page that has a parent only (cms/page_order.py).
    path(
        "admin/pages/<id:page_to_move_id>/set_position/",
        page_order.set_page_position,
        name="set_page_position",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # wagtail-transfer's export API, behind the project's rules on what may leave (cms/transfer/).
    path("wagtail-transfer/", include("cms.transfer.urls")),
    path("comptes/", include("community.accounts.urls")),
    path("notifications/", include("community.notifications.urls")),
    # "Sauvegarder" and "Mes favoris" (community/bookmarks/).
    path("favoris/", include("community.bookmarks.urls")),
    # Drafts of replies and topics, saved as members type ("Mes brouillons", community/drafts/).
    path("brouillons/", include("community.drafts.urls")),
    # Members' contributions to the catalogue (proposals, error reports, fiches from answers).
    path("contributions/", include("community.contributions.urls")),
    path("recherche/", include("search.urls")),
    # machina's search (haystack) is gone: its address leads to the site search.
    path("forum/search/", forum_search, name="forum_search_redirect"),
    # The community's own forum pages first: one shadows machina's rubric page (theme filter).
    # Beta feedback (/avis/) and the proposals of rubrics and themes (/forum/propositions/).
    path("", include("community.pilot.urls")),
    # Who knows what: the directory (/annuaire/), a member's help profile, "Solliciter un expert",
    # assignment, "Questions qui m'attendent", the référents (community/experts/).
    path("", include("community.experts.urls")),
    # "Vous avez dit, nous avons fait" (community/consultations/).
    path("", include("community.consultations.urls")),
    path("forum/", include("community.urls")),
    path("forum/", include(machina_urls)),
    # Videos for partners: embed pages, oEmbed provider, integration guide; the public read API.
    path("", include("cms.videos.urls")),
    # "Mes parcours", starting a path and marking its steps done (cms/paths/).
    path("mes-parcours/", include("cms.paths.urls")),
    # "Suivre cette fiche" (cms/offers/).
    path("", include("cms.offers.urls")),
    path("api/v2/", api_router.urls),
    path("actualites/rss/", NewsRssFeed(), name="news_rss"),
    path("actualites/atom/", NewsAtomFeed(), name="news_atom"),
    path("plan-du-site/", site_map, name="site_map"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Only Wagtail's images are public media, as on the production web server: documents go
    # through Wagtail's view and forum attachments through machina's, both permission-checked.
    for folder in PUBLIC_MEDIA_FOLDERS:
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT) / folder
        )

urlpatterns += [path("", include(wagtail_urls))]

# Every integer in an address is a database id: one no row can have (0, too many digits) is a 404.
urlpatterns = with_database_ids(urlpatterns)
