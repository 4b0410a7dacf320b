"""Every key page costs the same number of queries on a small and on a larger data set, for an
anonymous reader and for a signed-in counsellor, and a counsellor's page stays within 12 queries.

The pages are the benchmark's (``bench/run.py``): home, catalogue, an offer, videos, a video, the
forum, a rubric, a topic, a topic of 50 posts and the offers API. The data is the French demo plus
``make_scale_data`` at two sizes. Each page is visited twice before it is measured (read tracking
writes the member's marks on the first visit, which the next reads again once; the shared cache's
first fill is a one-off cost too); the anonymous page cache is off, so the anonymous figures are
those of a page rendered afresh.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.run import counsellor, key_pages

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

SIGNED_IN_BUDGET = 12
SMALL = ["--topics", "20", "--posts", "100", "--offers", "10", "--members", "10"]
LARGE = ["--topics", "80", "--posts", "500", "--offers", "50", "--members", "40"]


@pytest.fixture(scope="module")
def small_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", "--force", stdout=out)
        call_command("make_scale_data", *SMALL, stdout=out)
        yield
        transaction.set_rollback(True)


def measure():
    """{(page, who): queries} for every key page."""
    member = Client()
    member.force_login(counsellor())
    counts = {}
    for name, url in key_pages():
        for who, client in (("anonyme", Client()), ("conseiller", member)):
            for _ in range(2):
                assert client.get(url).status_code == 200, url
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[name, who] = len(queries)
    return counts


def test_key_pages_cost_the_same_at_two_sizes_and_lean_when_signed_in(small_site):
    small = measure()
    call_command("make_scale_data", *LARGE, stdout=io.StringIO())
    large = measure()

    assert large == small
    over_budget = {
        page: count
        for (page, who), count in small.items()
        if who == "conseiller" and count > SIGNED_IN_BUDGET
    }
    assert over_budget == {}, small
