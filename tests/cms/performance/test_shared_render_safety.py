"""A template that shows something of its reader outside a member part, with the production caches
on: the page shared by an audience never carries one member's data to another. The shared rendering
runs with the reader withheld (cms/performance/standin.py): the page is then rendered for each
reader alone, not kept, and the mistake logged (raised under DEBUG).

That each reader's own parts still show correctly on the shared pages is asserted page by page in
test_member_page_cache.py and test_member_forum_cache.py.
"""

import copy
import logging
import re

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client, override_settings

from cms.performance.membercache import HEADER
from cms.performance.standin import ReaderDataInSharedRender
from tests.cms.performance.page_cache_support import page_cache_settings
from tests.community.helpers import topic_url

CACHES_ON = page_cache_settings("comcep-test-shared-render")
PROBE = re.compile(r"<p id=\"probe\">\[(.*?)\]</p>", re.S)

# What a newcomer might add to a page: each reads the reader, or their session, outside a part.
READER_EXPRESSIONS = {
    "e-mail": "{{ user.email }}",
    "username": "{{ request.user.username }}",
    "full name": "{{ user.get_full_name }}",
    "identifier": "{{ request.user.pk }}",
    "session": "{{ request.session.session_key }}",
    "cookie": "{{ request.META.HTTP_COOKIE }}",
    "messages": "{% for message in messages %}{{ message }}{% endfor %}",
    "csrf": "{% csrf_token %}",
    "permissions": "{% if perms.wagtailadmin.access_admin %}admin{% endif %}",
}


@pytest.fixture(autouse=True)
def caches_on():
    with CACHES_ON:
        caches["pages"].clear()
        yield
        caches["pages"].clear()


@pytest.fixture
def probe(tmp_path):
    """``probe(expression)``: every page shows ``expression`` outside any member part (a copy of
    base.html that comes first)."""

    def add(expression):
        base = (settings.BASE_DIR / "templates" / "base.html").read_text()
        (tmp_path / "base.html").write_text(
            base.replace("</body>", f'<p id="probe">[{expression}]</p></body>')
        )
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
        return override_settings(TEMPLATES=templates)

    return add


def signed_in(member):
    client = Client()
    client.force_login(member)
    return client


def probed(response):
    assert response.status_code == 200
    return PROBE.search(response.content.decode()).group(1)


@pytest.fixture
def members(make_member):
    return (
        make_member("sophie", "Sophie M.", email="sophie.martin@example.org"),
        make_member("julien", "Julien L.", email="julien.leroy@example.org"),
    )


@pytest.mark.parametrize("what", READER_EXPRESSIONS)
def test_a_second_member_never_sees_what_a_template_shows_of_the_first(
    what, probe, portal, rubric, make_topic, members, caplog
):
    sophie, julien = members
    topic = make_topic(julien, subject="Un sujet partagé")
    with probe(READER_EXPRESSIONS[what]), caplog.at_level(logging.ERROR):
        for url in ("/", topic_url(topic)):
            first = signed_in(sophie).get(url)
            second = signed_in(julien).get(url)
            # Neither is kept: each was rendered for its reader alone.
            assert HEADER not in first and HEADER not in second
            assert "sophie" not in probed(second)
            assert not probed(first) or probed(first) != probed(second)
    assert "Reader data outside a member part" in caplog.text


def test_the_reader_s_own_value_still_shows_to_them(probe, portal, members):
    sophie, julien = members
    with probe("{{ user.email }}"):
        assert probed(signed_in(sophie).get("/")) == "sophie.martin@example.org"
        assert probed(signed_in(julien).get("/")) == "julien.leroy@example.org"


def test_under_debug_the_mistake_fails_the_page(probe, portal, members):
    with (
        probe("{{ user.email }}"),
        override_settings(DEBUG=True),
        pytest.raises(ReaderDataInSharedRender, match="user.email"),
    ):
        signed_in(members[0]).get("/")


def test_what_the_audience_holds_may_show_and_the_page_is_shared(probe, portal, members):
    sophie, julien = members
    expression = "{{ user.is_authenticated }} {{ user.is_approved }} {{ user.is_staff }}"
    with probe(expression):
        first = signed_in(sophie).get("/")
        second = signed_in(julien).get("/")
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert probed(first) == probed(second) == "True True False"
