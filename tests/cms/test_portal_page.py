"""Every page type is a ``PortalPage``: one introduction, one privacy and cache behaviour, and one
rule (``visible()``) for the pages a visitor may read."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction, get_page_models

from cms.listing import PortalPage, PortalPageQuerySet, visible_pages
from cms.offers.models import OfferPage
from cms.standard.models import StandardPage
from cms.structures.models import StructureIndexPage, StructurePage
from cms.taxonomies.models import Operator
from tests.cms.performance.page_cache_support import page_caches_on

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf(response):
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


def served_text(client, url):
    return without_csrf(client.get(url))


PROJECT_PAGE_TYPES = [model for model in get_page_models() if model is not Page]


def test_every_page_type_of_the_project_is_a_portal_page():
    labels = {model._meta.label for model in PROJECT_PAGE_TYPES}
    # Every app that has pages is there (the list is not empty by accident).
    assert {"home.HomePage", "offers.OfferPage", "consultations.ConsultationPage"} <= labels
    assert len(PROJECT_PAGE_TYPES) >= 19
    for model in PROJECT_PAGE_TYPES:
        assert issubclass(model, PortalPage), model._meta.label
        assert isinstance(model.objects.all(), PortalPageQuerySet), model._meta.label


def test_every_page_type_has_an_introduction_field():
    for model in PROJECT_PAGE_TYPES:
        field = model._meta.get_field(model.introduction_field)
        assert field.get_internal_type() == "TextField", model._meta.label


@pytest.fixture
def pages(portal, make_offer):
    live = make_offer("Bilan de compétences")
    draft = make_offer("Offre en préparation", publish=False)
    private_section = portal.add_child(
        instance=StandardPage(title="Espace réservé", slug="reserve", body="<p>Texte.</p>")
    )
    private_child = private_section.add_child(
        instance=StandardPage(title="Page réservée", slug="page-reservee", body="<p>Texte.</p>")
    )
    return {
        "live": live,
        "draft": draft,
        "section": private_section,
        "child": private_child,
    }


@page_caches_on("comcep-test-portal-visible")
def test_visible_is_live_and_outside_every_private_section(pages):
    # With the shared cache on: the private sections are read from it.
    assert set(OfferPage.objects.visible()) == {pages["live"]}
    # Wagtail's own rule, for every page type at once.
    assert set(visible_pages(Page.objects.all())) == set(Page.objects.live().public())
    assert {pages["section"].pk, pages["child"].pk} <= set(
        visible_pages(Page.objects.all()).values_list("pk", flat=True)
    )

    # A section made private leaves every listing at once, with the pages below it.
    PageViewRestriction.objects.create(
        page=pages["section"], restriction_type=PageViewRestriction.LOGIN
    )
    visible = set(visible_pages(Page.objects.all()).values_list("pk", flat=True))
    assert pages["section"].pk not in visible
    assert pages["child"].pk not in visible
    assert set(visible_pages(Page.objects.all())) == set(Page.objects.live().public())
    assert not StandardPage.objects.visible().filter(slug="page-reservee").exists()


def test_the_structures_are_served_to_members_from_the_shared_rendering(
    portal, reference_lists, make_member
):
    """Structure pages and the structures' listing, as every page: the members' page cache."""
    from django.test import Client

    from cms.performance.membercache import HEADER

    index = portal.add_child(instance=StructureIndexPage(title="Structures", slug="structures"))
    operator = Operator.objects.first()
    structure = index.add_child(
        instance=StructurePage(title="Apec", summary="Cadres.", operator=operator)
    )
    client = Client()
    client.force_login(make_member())
    with page_caches_on("comcep-test-portal-pages"):
        for url in (structure.url, index.url, index.url + "qui-fait-quoi/"):
            assert client.get(url)[HEADER] == "miss", url
            served = client.get(url)
            assert served[HEADER] == "hit", url
            # What the member reads is what the page shows them without the cache.
            with override_settings(COMCEP_PAGE_CACHE_SECONDS=0):
                uncached = client.get(url)
            assert HEADER not in uncached
            assert without_csrf(served) == without_csrf(uncached), url
        assert "Cadres." in served_text(client, structure.url)
