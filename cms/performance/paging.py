"""Bounded offset paging: lists serve their first pages only, so no request reads deep into a table.

A page of a list is read with ``OFFSET``: page 1,000 of a rubric of 20,000 topics makes the
database walk 20,000 rows to skip them, and nobody reads that far (a crawler does). Lists stop at
``COMCEP_MAX_PAGES`` pages (the count stays the real one), and their pagination tells the reader
to narrow the filters to see the rest; a deeper page number is answered as the last page served
(the catalogue) or a 404 (the forum lists, as machina answers any page out of range).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
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
