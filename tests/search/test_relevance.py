"""The relevance set (search/relevance.py) on the French demo: what counsellors type finds the
fiche that answers it, on SQLite as on PostgreSQL."""

import io

import pytest
from django.core.management import call_command

from search.relevance import RELEVANCE_SET, measure

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_relevance_set_is_large_and_varied():
    assert len(RELEVANCE_SET) >= 40
    assert len({query.casefold() for query, _pages in RELEVANCE_SET}) == len(RELEVANCE_SET)


def test_counsellors_queries_find_their_fiche_in_the_first_three(demo_site):
    report = measure()
    print(report.summary())  # noqa: T201 -- the figures, with pytest -s
    missed = [(o.query, o.titles[:3]) for o in report.outcomes if not o.rank or o.rank > 3]
    assert report.hits_at_3 >= 0.9, missed
    assert report.mrr >= 0.75


def test_the_command_prints_the_figures(demo_site):
    out = io.StringIO()
    call_command("search_relevance", stdout=out)
    assert "hits@1" in out.getvalue() and "hits@3" in out.getvalue() and "MRR" in out.getvalue()
