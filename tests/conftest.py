import io
import os
import re
import secrets
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail import hooks

from cms.news.models import NewsIndexPage, NewsPage
from cms.offers.models import OfferIndexPage
from cms.taxonomies import demo as taxonomies_demo
from cms.toolbox.models import ToolboxIndexPage, ToolPage
from community.accounts.roles import apply_forum_permissions
from community.forum_conversation.counters import unwritten_views
from home.site import ensure_site
from tests.factories import PASSWORD, MemberFactory, OfferFactory, TopicFactory

# Wagtail's hooks register the snippet choosers, whose labels ("Choisir un opérateur") are
# translated once, when the hooks are imported. A server imports them in French; import them here
# for the same reason, before the test database's `migrate`, which runs without translations.
hooks.search_for_hooks()

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

__all__ = ["PASSWORD"]  # the tests sign in with it


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the default cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def no_unwritten_views():
    """Topic views are counted per process and written by batches: a view counted in an earlier
    test (whose topic id may come again) must not write during this one."""
    unwritten_views.clear()


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The French demo, loaded once per module and rolled back at its end; returns what
    ``load_demo`` printed (--force: the test settings run with DEBUG off, like production)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", "--force", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def portal(db):
    """The Wagtail site with its home page and the forum's role permissions.

    Tests that flush the database (live server, transactional tests) lose what migrations created,
    so every test asks for this fixture instead of relying on migration data.
    """
    home = ensure_site()
    apply_forum_permissions()
    return home


@pytest.fixture
def make_member(db):
    def make(
        username="sophie",
        display_name="Sophie M. (France Travail)",
        groups=("Conseillers",),
        **extra,
    ):
        """An approved member; by default a counsellor (the group that may post)."""
        return MemberFactory(
            username=username, display_name=display_name, role_groups=groups, **extra
        )

    return make


@pytest.fixture
def counsellor(make_member):
    return make_member()


@pytest.fixture
def rubric(portal):
    """A category holding one forum, as in the demo tree."""
    category = Forum.objects.create(name="Pratiquer le CEP", type=Forum.FORUM_CAT)
    return Forum.objects.create(name="Accueil et posture", type=Forum.FORUM_POST, parent=category)


@pytest.fixture
def make_topic(rubric):
    def make(
        poster,
        subject="Rester neutre face à l’urgence",
        content="Comment faites-vous ?",
        forum=None,
        **traits,
    ):
        return TopicFactory(
            forum=forum or rubric, poster=poster, subject=subject, content=content, **traits
        )

    return make


def form_fields(html, selector="main form[method=post]"):
    """The values a browser would submit for the form: hidden inputs, defaults, selected options."""
    form = BeautifulSoup(html, "html.parser").select_one(selector)
    assert form is not None, f"no form matches {selector!r}"
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"}:
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            selected = field.find("option", selected=True) or field.find("option")
            data[name] = selected.get("value", "") if selected else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def page_queries(client, url):
    """(queries, response) of a visit to ``url`` after a first one, which has one-off costs (read
    tracking, caches)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def csp_directives(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def start_production(**env):
    """Django set up in a new process with the production settings, as a server starts: a strong
    ``SECRET_KEY``, no transfer source, then ``env``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "s" * 20 + secrets.token_hex(20),
        "WAGTAILTRANSFER_SOURCE_URL": "",
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def text_of(html):
    """What a reader sees: the page's text with white space folded."""
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))


@pytest.fixture
def reference_lists(db):
    """The shared vocabulary (regions, audiences, operators, themes, schemes), as seeded."""
    taxonomies_demo.load(io.StringIO())


@pytest.fixture
def catalogue(portal, reference_lists):
    return portal.add_child(instance=OfferIndexPage(title="Offres", slug="offres"))


@pytest.fixture
def make_offer(catalogue):
    def make(title="Compte personnel de formation", *, publish=True, **fields):
        """An offer of the catalogue (``OfferFactory``: its traits give the kinds); audiences and
        regions by slug."""
        return OfferFactory(title=title, parent=catalogue, draft=not publish, **fields)

    return make


@pytest.fixture
def toolbox(portal):
    return ToolboxIndexPage.ensure_under(portal)[0]


@pytest.fixture
def make_tool(toolbox):
    def make(title, themes=(), audiences=(), videos=(), **fields):
        """A published tool page of the toolbox."""
        fields.setdefault("purpose", f"À quoi sert {title}.")
        fields.setdefault("users", "Tout public.")
        fields.setdefault("website", "https://www.example.gouv.fr")
        fields.setdefault("provider", "Caisse des Dépôts")
        tool = ToolPage(title=title, **fields)
        tool.themes, tool.audiences, tool.videos = list(themes), list(audiences), list(videos)
        toolbox.add_child(instance=tool)
        tool.save_revision().publish()
        return tool

    return make


@pytest.fixture
def news_index(portal, reference_lists):
    return portal.add_child(instance=NewsIndexPage(title="Actualités", slug="actualites"))


@pytest.fixture
def make_news(news_index):
    def make(title="Le CEP a dix ans", days_ago=0, **fields):
        fields.setdefault("summary", f"Résumé : {title}.")
        page = NewsPage(
            title=title, date=timezone.localdate() - timezone.timedelta(days=days_ago), **fields
        )
        news_index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
