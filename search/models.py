"""What people search for (one row per normalised query and day, for the editors' reports), and
the synonyms and acronyms the search knows (kept by editors)."""

from django.db import models
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .highlight import fold


class SearchQueryQuerySet(models.QuerySet):
    def record(self, query, results):
        """Count one search for ``query`` (normalised) that found ``results`` results today."""
        day = timezone.localdate()
        updated = self.filter(query=query, day=day).update(
            searches=F("searches") + 1, results=results
        )
        if not updated:
            self.update_or_create(
                query=query, day=day, defaults={"searches": 1, "results": results}
            )

    def top_without_results(self, since, limit=100):
        """The queries whose last search on a day since ``since`` found nothing, by frequency."""
        return (
            self.filter(day__gte=since, results=0)
            .values("query")
            .annotate(total=Sum("searches"), last_day=models.Max("day"))
            .order_by("-total", "query")[:limit]
        )


def record_search(query, results):
    """Count a search for ``query`` (as typed: it is folded here) that found ``results``."""
    query = " ".join(fold(query).split())[:200]
    if query:
        SearchQuery.objects.record(query, results)


class SearchQuery(models.Model):
    query = models.CharField(_("query"), max_length=200)
    day = models.DateField(_("day"))
    searches = models.PositiveIntegerField(_("searches"), default=0)
    results = models.PositiveIntegerField(_("results of the last search"), default=0)

    objects = SearchQueryQuerySet.as_manager()

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="one_search_query_per_day")
        ]
        indexes = [models.Index(fields=["day", "results"])]

    def __str__(self):
        return self.query


class SearchSynonym(models.Model):
    """A word or acronym of the domain and what counsellors also call it ("CPF" and "compte
    personnel de formation", "créateur" and "création"), edited by editors in the Wagtail admin.

    A search for any of them finds the pages and discussions that use another (search/synonyms.py).
    """

    term = models.CharField(
        _("term"),
        max_length=100,
        unique=True,
        help_text=_("An acronym or a word, e.g. CPF."),
    )
    equivalents = models.TextField(
        _("equivalents"),
        help_text=_(
            "What the term also means, separated by commas: an acronym's expansion, the words "
            "of the same family (e.g. compte personnel de formation, mon compte formation)."
        ),
    )

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self):
        return self.term
