"""The pages of the portal: the base of every page type, the index pages and their filtered,
paginated listings (catalogue, news, videos, structures).

``PortalPage`` is what every page type inherits: its introduction, the privacy and cache behaviour,
and ``visible()``, the one rule that says which pages a visitor may read. ``IndexPage`` is the
section page under the home page; ``FilteredIndexPage`` adds the listing of its items.

Filters are bound to ``request.GET`` so they live in the URL and work without JavaScript. A value
django-filter cannot validate is dropped from the query and reported to the reader, never a 500.

An index page names its FilterSet by dotted path: a filters module imports its models, never the
reverse, so there is no import loop between them.
"""

import django_filters
from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.functional import SimpleLazyObject, classproperty
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet

from cms.performance.choices import CachedChoicesMixin
from cms.performance.membercache import MemberPageCacheMixin
from cms.performance.pagecache import (
    FRAGMENT_SECONDS,
    filterset_parameters,
    keeps_variant,
    normalised_query,
)
from cms.performance.pages import CachedPrivacyMixin, private_q
from cms.performance.paging import BoundedPaginator
from cms.publishing import publish_child
from search.backend import matching_ids
from search.models import record_search


def reference_filter(model, label, field_name=None, **kwargs):
    """A select over one of the reference lists, addressed by slug in the URL."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=model.objects.all(),
        to_field_name="slug",
        label=label,
        empty_label=_("All"),
        **kwargs,
    )


class ListingFilterSet(CachedChoicesMixin, django_filters.FilterSet):
    """Keyword search through the site's search index plus the filters a subclass declares."""

    q = django_filters.CharFilter(
        label=_("Keywords"), method="filter_text", widget=forms.TextInput(attrs={"type": "search"})
    )

    # No DISTINCT: each filter names one value, and a page is linked once to a value (the link
    # tables are unique), so a page matches once; the keyword and region filters are subqueries.
    # (DISTINCT over page rows made counting 5,000 offers cost ~60 ms.)

    def filter_text(self, queryset, name, value):
        """The pages that the site's search index matches for every word (as /recherche/ does:
        accents and case ignored, French stemming on PostgreSQL)."""
        value = " ".join(value.split())[:200]
        if not value:
            return queryset
        model = queryset.model
        ids = matching_ids(value, model.objects.live())
        if self.data.get("page", "1") in ("", "1"):
            # For the editors' report of searches without results, as /recherche/ counts them
            # (once per listing built: a listing kept in the cache is not searched again).
            record_search(value, len(ids))
        return queryset.filter(pk__in=ids)

    def ignored_filters(self):
        """Labels of the filters whose value was not valid, hence ignored."""
        if not self.is_bound or self.form.is_valid():
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

    # Fields that order the results rather than narrow them: not counted as active filters.
    ordering_fields = ("sort",)

    def active_filter_count(self):
        """How many filters narrow the results (shown on the folded filter panel)."""
        if not self.is_bound:
            return 0
        self.form.is_valid()
        return sum(
            1
            for name in self.form.fields
            if name not in self.ordering_fields
            and name not in self.form.errors
            and self.data.get(name)
        )

    def querystring_without_page(self):
        """The valid filter values, to carry across pages."""
        if not self.is_bound:
            return ""
        self.form.is_valid()
        params = [
            (name, self.data[name])
            for name in self.form.fields
            if name not in self.form.errors and self.data.get(name)
        ]
        return urlencode(params)


def listing_parameters(filterset_class):
    """The query parameters a listing reads: its filters and ``page``."""
    return filterset_parameters(filterset_class) | {"page"}


def filtered_listing(request, filterset_class, queryset, per_page, initial=None):
    """Context for a listing page: the bound filter, the requested page and the query to keep.

    ``initial``: values of filters to apply when the address does not name them (a member's own
    region chosen first); the listing is then kept as the address naming them is.

    The listing's fragment is kept per version of public content and per normalised query
    (``listing_key``), and not kept (``listing_cache_seconds`` 0) past the number of addresses with
    a query kept per page (cms/performance/pagecache.py), so that random values of a filter
    (``?q=<random>``) cannot fill the cache."""
    # The listing reads its parameters normalised, as its fragment is keyed.
    query = normalised_query(request.GET, listing_parameters(filterset_class))
    if initial:
        data = QueryDict(query, mutable=True)
        for name, value in initial.items():
            if name not in data:
                data[name] = value
        query = normalised_query(data, listing_parameters(filterset_class))
    data = QueryDict(query)
    listing_filter = filterset_class(data or None, queryset=queryset)
    # Lazy: a template that finds the listing in its fragment cache runs none of these queries.
    return {
        "listing_key": f"{request.path}?{query}",
        "listing_cache_seconds": FRAGMENT_SECONDS if keeps_variant(request) else 0,
        "filter": listing_filter,
        "page_obj": SimpleLazyObject(
            lambda: BoundedPaginator(listing_filter.qs, per_page).get_page(data.get("page"))
        ),
        "querystring": SimpleLazyObject(listing_filter.querystring_without_page),
    }


def visible_pages(pages):
    """The pages of ``pages`` (a page queryset of any type: ``Page.objects`` too) that a visitor may
    read: live and outside every private section. The private sections come from the shared cache
    (``private_q``): no query, unlike Wagtail's ``public()``, with the same result."""
    return pages.live().exclude(private_q())


class PortalPageQuerySet(PageQuerySet):
    """Queries every page type of the portal has (the manager of ``PortalPage``)."""

    def visible(self):
        """The pages a visitor may read: live and public (``visible_pages``)."""
        return visible_pages(self)


class PortalPage(MemberPageCacheMixin, CachedPrivacyMixin, Page):
    """What every page type of the portal has.

    - An ``introduction``: the text that opens the page and stands for it in listings and search
      results. A page type whose opening text has its own name (an offer's ``summary``, a video's
      ``description``: the API and its partners read those names) drops the column
      (``introduction = None``) and names its field in ``introduction_field``.
    - Wagtail's SEO fields (``seo_title``, ``search_description``: the promote tab), read by
      ``base.html``.
    - Privacy: the view restrictions read from the shared cache (``CachedPrivacyMixin``), and
      ``objects.visible()`` wherever pages are listed.
    - The members' page cache (``MemberPageCacheMixin``: ``forum_shown`` says what of the forum
      the page shows). A page whose content differs from one member to the next outside its member
      parts sets ``member_cached = False`` (the anonymous page cache still keeps it).
    """

    introduction = models.TextField(_("introduction"), blank=True)

    # The field that opens the page (see above).
    introduction_field = "introduction"
    # False: served to members without the members' page cache (see above).
    member_cached = True

    objects = PageManager.from_queryset(PortalPageQuerySet)()

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        if self.member_cached:
            return super().serve(request, *args, **kwargs)
        return super(MemberPageCacheMixin, self).serve(request, *args, **kwargs)


class IndexPage(PortalPage):
    """A section of the portal under the home page (one of each), opened by an introduction.

    A subclass names its initial version (``initial_title``, ``initial_slug``,
    ``initial_introduction``, ``initial_in_menus``): ``ensure_under(home)`` creates it for
    ``manage.py setup_site``.
    """

    parent_page_types = ["home.HomePage"]
    max_count = 1

    initial_title = initial_slug = initial_introduction = ""
    initial_in_menus = True

    class Meta:
        abstract = True

    @classmethod
    def ensure_under(cls, home):
        """The section's page, created and published under ``home`` if missing; (page, created)."""
        index = cls.objects.first()
        if index is not None:
            return index, 0
        page = cls(
            title=cls.initial_title,
            slug=cls.initial_slug,
            introduction=cls.initial_introduction,
            show_in_menus=cls.initial_in_menus,
        )
        return publish_child(home, page), 1


class FilteredIndexPage(IndexPage):
    """An index page listing its items through a FilterSet, a page of ``per_page`` at a time.

    A subclass sets ``filterset_class`` (the dotted path of a ``ListingFilterSet``), ``per_page``
    and ``listing_items()``. The template receives ``filter``, ``page_obj`` and ``querystring``.
    """

    filterset_class = ""
    per_page = 12

    class Meta:
        abstract = True

    @classproperty
    def filterset(cls):
        return import_string(cls.filterset_class)

    @classproperty
    def query_parameters(cls):
        """What the page reads from the query string (the page caches key it on these only)."""
        return listing_parameters(cls.filterset)

    def listing_items(self):
        """The live, public items the listing starts from, before any filter."""
        raise NotImplementedError

    def listing_initial(self, request):
        """Filter values applied when the address does not name them (see ``filtered_listing``)."""
        return None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            filtered_listing(
                request,
                self.filterset,
                self.listing_items(),
                self.per_page,
                initial=self.listing_initial(request),
            )
        )
        return context
