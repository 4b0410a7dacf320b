"""The Wagtail admin speaks French to the editors, the whole way through (admin_crawl.py).

The demo site is built once for this module, in a transaction rolled back at the end.
"""

from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Collection, Page, Site, Task, Workflow

from .admin_crawl import crawl, is_english, sample_urls

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]
User = get_user_model()

WAGTAIL_TEMPLATES = Path(wagtail.__file__).parent / "admin" / "templates"
# Wagtail templates the project copies to change one English detail; each copy must stay Wagtail's
# template but for that change, so that an upgrade of Wagtail that changes them fails here.
TEMPLATE_COPIES = {
    # The screen-reader search button: value="Search", hard-coded in English.
    "wagtailadmin/home.html": ('value="Search"', 'value="{% trans "Search" %}"'),
    "wagtailadmin/shared/header.html": ('value="Search"', 'value="{% trans "Search" %}"'),
    # Boolean columns: an icon titled "True" / "False" for screen readers.
    "wagtailadmin/tables/boolean_cell.html": (
        "title=value|stringformat:'s'",
        "title=value|yesno|capfirst",
    ),
    # The side panel counter printed "None" when there is nothing to count.
    "wagtailadmin/shared/side_panel_toggle.html": (
        "{{ count|intcomma }}",
        "{{ count|default:0|intcomma }}",
    ),
}


@pytest.fixture
def transfer_source(settings):
    """A configured source, so that the import screen and its menu entry are there."""
    settings.WAGTAILTRANSFER_SOURCES = {
        "preproduction": {
            "BASE_URL": "https://preproduction.example/wagtail-transfer/",
            "SECRET_KEY": "k" * 60,
        }
    }


@pytest.mark.parametrize("role", ["editrice", "superuser"])
def test_no_english_string_in_the_admin(client, demo_site, transfer_source, role):
    if role == "superuser":
        user = User.objects.create_superuser("superviseure", "superviseure@comcep.example", "x")
    else:
        user = User.objects.get(username=role)
    urls = ["/admin/", *sample_urls(user)]
    found, visited = crawl(client, user, urls)
    # Every menu entry, an edit page of each page type, snippets, reports, the import screen.
    assert len(visited) >= 40
    assert {"/admin/wagtail-transfer/choose/", "/admin/reports/aging-pages/"} <= set(visited)
    assert [url for url, status in visited.items() if status != 200] == []
    assert found == {}


def test_the_crawler_spots_wagtail_english():
    assert is_english("Any")
    assert is_english("Save Selected")
    assert is_english("Actif : True")
    assert is_english("Choose a page or snippet")
    assert not is_english("Rechercher")
    assert not is_english("Actif\u00a0: Oui")
    assert not is_english("Europe/Paris")


@pytest.mark.parametrize("name", sorted(TEMPLATE_COPIES))
def test_copied_wagtail_templates_differ_only_by_their_french_fix(name):
    upstream = (WAGTAIL_TEMPLATES / name).read_text()
    ours = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    english, french = TEMPLATE_COPIES[name]
    assert english in upstream
    assert ours.split() == upstream.replace(english, french).split()


def test_the_data_the_site_creates_has_no_english_name(demo_site):
    names = [
        *Group.objects.values_list("name", flat=True),
        *Workflow.objects.filter(active=True).values_list("name", flat=True),
        *Task.objects.filter(active=True).values_list("name", flat=True),
        *Collection.objects.values_list("name", flat=True),
        *Page.objects.values_list("title", flat=True),
        *Site.objects.values_list("site_name", flat=True),
    ]
    assert [name for name in names if is_english(name)] == []
    assert not {"Root", "Moderators", "Editors", "Moderators approval"} & set(names)


def test_the_aging_pages_report_names_the_demo_publisher(client, demo_site):
    client.force_login(User.objects.create_superuser("superviseure", "s@comcep.example", "x"))
    compact = "".join(client.get("/admin/reports/aging-pages/").content.decode().split())
    # The "last published by" column: the avatar, then the publisher's name.
    assert "</span>editrice</td>" in compact
    assert "</span>None</td>" not in compact
