"""Bounded offset paging: lists serve their first pages only, so no request reads deep into a table.

A page of a list is read with ``OFFSET``: page 1,000 of a rubric of 20,000 topics makes the
database walk 20,000 rows to skip them, and nobody reads that far (a crawler does). Lists stop at
``COMCEP_MAX_PAGES`` pages (the count stays the real one), and their pagination tells the reader
to narrow the filters to see the rest; a deeper page number is answered as the last page served
(the catalogue) or a 404 (the forum lists, as machina answers any page out of range).
"""

import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from .invalidation import CONTENT, FORUM
from .shared import remember


def rows_sql(queryset):
    """The SQL naming the rows of ``queryset``, for a cache key of what is counted over them: the
    rows' ids, without the ordering, the related rows selected along or the prefetches (which
    change no count), so much cheaper to compile than the query that reads them."""
    return str(queryset.order_by().values("pk").query)


class BoundedPaginator(Paginator):
    """``count_key``: count a queryset once per version of public content and per hour, under a
    key naming the rows counted (its SQL) and what else they depend on (``count_key``)."""

    def __init__(self, *args, count_key=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None or not isinstance(self.object_list, QuerySet):
            return super().count
        try:
            sql = rows_sql(self.object_list)
        except EmptyResultSet:
            return 0
        source = f"{sql}|{self.count_key}|{timezone.now():%Y-%m-%d %H}"
        key = hashlib.sha256(source.encode()).hexdigest()
        return remember(f"count:{key}", lambda: Paginator.count.func(self), keys=(CONTENT, FORUM))

    @cached_property
    def max_pages(self):
        return settings.COMCEP_MAX_PAGES

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)

    @property
    def truncated(self):
        """More results than the pages served hold."""
        return self.count > self.max_pages * self.per_page
