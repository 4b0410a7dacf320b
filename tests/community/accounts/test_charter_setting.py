"""The community charter is the page editors choose in Settings > Community, not a magic slug."""

import importlib

from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import reverse

from cms.standard.models import StandardPage
from community.accounts.charter import CHARTER_SLUG, ensure_charter_page
from community.accounts.models import CommunitySettings


def charter_link(client):
    page = BeautifulSoup(client.get(reverse("accounts:sign_up")).content, "html.parser")
    link = page.select_one(".field--checkbox .helptext a")
    return link["href"] if link else None


def add_page(portal, title, slug, live=True):
    page = StandardPage(title=title, slug=slug, live=live, body="<p>Respect et bienveillance.</p>")
    return portal.add_child(instance=page)


def test_sign_up_links_to_the_charter_chosen_in_the_settings(client, admin_client, portal):
    first = add_page(portal, "Charte", "charte")
    second = add_page(portal, "Charte 2027", "charte-2027")
    assert charter_link(client) is None  # nothing chosen: the form summarises the charter instead

    CommunitySettings.objects.update_or_create(defaults={"charter_page": first})
    assert charter_link(client) == first.url

    # An editor chooses another page in Wagtail's Settings menu.
    menu_url = reverse("wagtailsettings:edit", args=["accounts", "communitysettings"])
    form = admin_client.get(menu_url, follow=True)
    assert form.status_code == 200
    assert "Charte" in form.content.decode()  # the chosen page, shown by the page chooser
    edit_url = form.redirect_chain[-1][0]
    response = admin_client.post(edit_url, {"charter_page": str(second.pk)})
    assert response.status_code == 302, response.content
    assert charter_link(client) == second.url

    # An unpublished charter is not linked.
    second.unpublish()
    assert charter_link(client) is None


def test_existing_databases_keep_their_charter(portal):
    """The data migration points the new setting at the page found by the former slug."""
    migration = importlib.import_module("community.accounts.migrations.0004_charter_from_slug")
    add_page(portal, "Autre page", "autre-page")
    charter = add_page(portal, "Charte de la communauté", "charte-de-la-communaute")
    CommunitySettings.objects.all().delete()

    migration.fill_charter_setting(apps, None)

    assert CommunitySettings.objects.get().charter_page_id == charter.pk


def test_the_charter_is_created_once_and_keeps_an_editors_choice(portal):
    assert ensure_charter_page(portal) == 1
    assert ensure_charter_page(portal) == 0
    demo_charter = StandardPage.objects.get(slug=CHARTER_SLUG)
    assert CommunitySettings.load().charter_page == demo_charter

    chosen = add_page(portal, "Charte révisée", "charte-revisee")
    CommunitySettings.objects.update(charter_page=chosen)
    assert ensure_charter_page(portal) == 0
    assert CommunitySettings.load().charter_page == chosen
    assert StandardPage.objects.filter(slug=CHARTER_SLUG).count() == 1
