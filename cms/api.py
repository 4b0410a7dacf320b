"""The public read API (Wagtail API v2) at /api/v2/: what partners may reuse from the portal.

Endpoints: ``videos``, ``offers`` and ``news``. Each serves one page type, live and public pages
only (Wagtail's base queryset leaves out drafts and pages under a view restriction), filterable by
the slugs of its reference lists (``?theme=reconversion&audience=salaries``) and by its plain fields
(``?kind=funding``), searchable (``?search=…``) and paginated with ``limit``/``offset``.

The fields each endpoint exposes are declared here, on the endpoint, so that the API's shape is
read in one place. To add an endpoint: subclass ``ReferencePagesEndpoint``, set ``model``,
``reference_filters``, ``body_fields`` and ``listing_default_fields``, and register it below.
"""

from django.http import Http404
from django.urls import path, reverse
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Site
from wagtail.rich_text import expand_db_html

from cms.converters import is_database_id
from cms.news.models import NewsPage
from cms.offers.models import OfferPage
from cms.public_urls import public_url
from cms.taxonomies.models import Region
from cms.videos.models import THUMBNAIL_SPEC, VideoPage
from search.api_filters import SiteSearchFilter


class ReferenceListField(serializers.Field):
    """Items of a reference list (themes, audiences…) as ``{"slug", "name"}``, in list order.

    Reads the prefetched items: serialising a listing costs no query per page.
    """

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [{"slug": item.slug, "name": item.name} for item in manager.all()]


class RichTextHTMLField(serializers.Field):
    """Rich text as the HTML a reader sees (internal links resolved to real addresses)."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return expand_db_html(value or "")


class EmbedURLField(serializers.Field):
    """The absolute address of a video's embed page, at the public address."""

    def __init__(self, **kwargs):
        kwargs.update(read_only=True, source="*")
        super().__init__(**kwargs)

    def to_representation(self, page):
        return public_url(reverse("videos:embed", args=[page.pk]))


def reference_list(name):
    return APIField(name, serializer=ReferenceListField())


class ReferenceListFilter(BaseFilterBackend):
    """``?theme=<slug>`` and the like: keep the pages linked to that reference item.

    An endpoint may give a parameter its own meaning with a ``filter_<parameter>`` method.
    """

    def filter_queryset(self, request, queryset, view):
        for parameter, field in view.reference_filters.items():
            value = request.GET.get(parameter)
            if not value:
                continue
            custom = getattr(view, f"filter_{parameter}", None)
            if custom is not None:
                queryset = custom(queryset, value)
            else:
                queryset = queryset.filter(**{f"{field}__slug": value})
        return queryset


class ReferencePagesEndpoint(PagesAPIViewSet):
    """A read-only endpoint for one page type, filterable by its reference lists."""

    model = None
    reference_filters = {}
    prefetch = ()
    default_ordering = ("-first_published_at", "pk")

    filter_backends = [
        ReferenceListFilter,
        *[backend for backend in PagesAPIViewSet.filter_backends if backend is not SearchFilter],
        SiteSearchFilter,  # must stay last: search results cannot be filtered further
    ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The page type is fixed by the endpoint: no ``type`` parameter to reach other pages.
        cls.known_query_parameters = (PagesAPIViewSet.known_query_parameters - {"type"}) | set(
            cls.reference_filters
        )

    @classmethod
    def get_urlpatterns(cls):
        # Wagtail's, with ids that fit the database ("id" converter): others are 404, not 500.
        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("find/", cls.as_view({"get": "find_view"}), name="find"),
        ]

    def get_base_queryset(self):
        # ``?site=<hostname[:port]>``: Wagtail looks the site up and lets a miss raise (a 500).
        try:
            return super().get_base_queryset()
        except (Site.DoesNotExist, ValueError) as error:
            raise BadRequestError("site doesn't exist") from error

    def find_object(self, queryset, request):
        wants_id = "html_path" not in request.GET and "id" in request.GET
        if wants_id and not is_database_id(request.GET["id"]):
            raise Http404("not found")
        return super().find_object(queryset, request)

    def get_queryset(self):
        return (
            self.model.objects.filter(pk__in=self.get_base_queryset().values_list("pk", flat=True))
            .prefetch_related(*self.prefetch)
            .order_by(*self.default_ordering)
        )


class VideosEndpoint(ReferencePagesEndpoint):
    model = VideoPage
    reference_filters = {"theme": "themes", "audience": "audiences"}
    body_fields = [
        *PagesAPIViewSet.body_fields,
        APIField("description"),
        APIField("duration_seconds"),
        reference_list("themes"),
        reference_list("audiences"),
        # Without its file, an image is left out (None) rather than failing the whole answer.
        APIField(
            "thumbnail",
            serializer=ImageRenditionField(THUMBNAIL_SPEC, source="shown_thumbnail"),
        ),
        APIField("source_url"),
        APIField("embed_url", serializer=EmbedURLField()),
        APIField("transcript", serializer=RichTextHTMLField()),
        APIField("chapters"),
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "description",
        "duration_seconds",
        "themes",
        "audiences",
        "thumbnail",
        "source_url",
        "embed_url",
    ]

    def get_queryset(self):
        return super().get_queryset().with_listing_data()


class OffersEndpoint(ReferencePagesEndpoint):
    model = OfferPage
    reference_filters = {
        "theme": "themes",
        "audience": "audiences",
        "region": "regions",
        "operator": "operators",
        "scheme": "schemes",
    }
    prefetch = ("themes", "audiences", "regions", "operators", "schemes")
    body_fields = [
        *PagesAPIViewSet.body_fields,
        APIField("kind"),
        APIField("summary"),
        reference_list("audiences"),
        APIField("is_national"),
        reference_list("regions"),
        reference_list("operators"),
        reference_list("themes"),
        reference_list("schemes"),
        APIField("verified_on"),
        APIField("valid_until"),
        APIField("source_url"),
        APIField("body"),
        APIField("eligibility", serializer=RichTextHTMLField()),
        APIField("how_to_access", serializer=RichTextHTMLField()),
        APIField("contact"),
        APIField("duration"),
        APIField("modality"),
        APIField("certification"),
        APIField("funder"),
        APIField("amount"),
        APIField("conditions", serializer=RichTextHTMLField()),
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "kind",
        "summary",
        "audiences",
        "is_national",
        "regions",
        "operators",
        "themes",
        "schemes",
        "verified_on",
    ]

    def filter_region(self, queryset, slug):
        """The offers of the region and the national ones, as on the catalogue and the home page."""
        region = Region.objects.filter(slug=slug).first()
        return queryset.for_region(region) if region else queryset.none()


class NewsEndpoint(ReferencePagesEndpoint):
    model = NewsPage
    reference_filters = {"theme": "themes", "scheme": "schemes"}
    prefetch = ("themes", "schemes")
    default_ordering = ("-date", "-pk")
    body_fields = [
        *PagesAPIViewSet.body_fields,
        APIField("date"),
        APIField("summary"),
        reference_list("themes"),
        reference_list("schemes"),
        APIField("body"),
    ]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "date",
        "summary",
        "themes",
        "schemes",
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("videos", VideosEndpoint)
api_router.register_endpoint("offers", OffersEndpoint)
api_router.register_endpoint("news", NewsEndpoint)
