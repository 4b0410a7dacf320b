"""What every page reads from the shared cache (cms/performance/shared.py, pages.py, choices.py) is
never stale: the request after an editor's change shows it, for a signed-in member as for anyone.

The page cache for anonymous readers is off here (as in the rest of the suite), so these tests see
the pages rendered afresh, with the header, routing, privacy and filter lists from the shared cache.
"""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from cms.performance.invalidation import (
    VERSION_KEY,
    bump,
    cache,
    current_version,
    versions_read_once,
)
from cms.performance.redis_cache import RedisCache
from cms.performance.shared import remember
from cms.standard.models import StandardPage
from cms.taxonomies.models import Region
from cms.videos.models import VideoIndexPage


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def header_links(client):
    soup = soup_of(client.get("/"))
    return [
        a.get_text(strip=True) for a in soup.select('nav[aria-label="Navigation principale"] a')
    ]


def test_remember_builds_once_per_version_and_again_after_a_change(portal):
    built = []

    def build():
        built.append(1)
        return "valeur"

    assert remember("essai", build) == "valeur"
    assert remember("essai", build) == "valeur"
    assert len(built) == 1
    Region.objects.create(name="Région d’essai", slug="region-essai", code="99")  # any change
    assert remember("essai", build) == "valeur"
    assert len(built) == 2


def test_a_request_reads_each_version_once_and_forgets_it_when_it_changes_something(portal):
    built = []

    def build():
        built.append(1)
        return len(built)

    with versions_read_once():
        first = current_version()
        assert remember("essai", build) == 1
        cache().incr(VERSION_KEY)  # another app server publishes meanwhile
        # This request goes on with the number it read: what it builds is kept under that number,
        # which is no longer current for the next request.
        assert current_version() == first
        assert remember("essai", build) == 1
        bump()  # this request changes something: the rest of it sees the change
        assert current_version() != first
        assert remember("essai", build) == 2
    assert remember("essai", build) == 2
    assert len(built) == 2


def test_the_redis_cache_keeps_one_client_per_connection_pool():
    # No connection is opened here: a client takes one from its pool for each command.
    backend = RedisCache("redis://127.0.0.1:6379/15", {})
    client = backend._cache.get_client("cle", write=True)
    assert backend._cache.get_client("autre") is client
    assert client.connection_pool is backend._cache._get_connection_pool(write=True)


def test_a_section_published_or_unpublished_shows_in_the_header_at_once(client, portal, counsellor):
    client.force_login(counsellor)
    assert "Vidéos" not in header_links(client)
    videos = portal.add_child(instance=VideoIndexPage(title="Vidéos", slug="videos"))
    assert "Vidéos" in header_links(client)
    videos.unpublish()
    assert "Vidéos" not in header_links(client)


def test_footer_links_follow_the_editor(client, portal):
    page = portal.add_child(
        instance=StandardPage(
            title="Mentions légales",
            slug="mentions-legales",
            show_in_menus=True,
            body="<p>Texte.</p>",
        )
    )

    def footer():
        soup = soup_of(client.get("/"))
        return [a.get_text(strip=True) for a in soup.select("footer .footer-links a")]

    assert "Mentions légales" in footer()
    page.title = "Mentions légales et crédits"
    page.save_revision().publish()
    assert "Mentions légales et crédits" in footer()
    page.show_in_menus = False
    page.save_revision().publish()
    assert "Mentions légales et crédits" not in footer()


def test_an_address_follows_slug_changes_moves_and_unpublishing(client, portal, make_offer):
    offer = make_offer("Bilan de compétences", is_national=True)
    old_url = offer.url
    assert client.get(old_url).status_code == 200

    offer.slug = "bilan-de-competences-2027"
    offer.save_revision().publish()
    offer.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(offer.url).status_code == 200

    other_parent = portal.add_child(
        instance=StandardPage(title="Archives", slug="archives", body="<p>Texte.</p>")
    )
    offer.move(other_parent, pos="last-child")
    offer.refresh_from_db()
    assert offer.url == "/archives/bilan-de-competences-2027/"
    # Wagtail leaves a redirect from the old address (wagtail.contrib.redirects).
    old = client.get("/offres/bilan-de-competences-2027/")
    assert (old.status_code, old["Location"]) == (301, offer.url)
    assert client.get(offer.url).status_code == 200

    offer.unpublish()
    assert client.get(offer.url).status_code == 404


def test_an_unknown_address_is_a_404_and_is_not_kept(client, portal, make_offer):
    make_offer("Bilan de compétences", is_national=True)
    for _ in range(2):
        assert client.get("/offres/n-existe-pas/").status_code == 404
        assert client.get("/n-existe-pas/du-tout/").status_code == 404


def test_privacy_set_on_a_section_applies_at_the_next_request(client, portal, make_offer):
    offer = make_offer("Bilan de compétences", is_national=True)
    catalogue = offer.get_parent()
    assert client.get(offer.url).status_code == 200
    assert "Bilan de compétences" in client.get(catalogue.url).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=catalogue, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(offer.url)
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]
    # Listings elsewhere leave out what is now private (the home page's latest offers).
    assert "Bilan de compétences" not in client.get("/").content.decode()

    restriction.delete()
    assert client.get(offer.url).status_code == 200
    assert "Bilan de compétences" in client.get("/").content.decode()


def test_a_new_region_appears_in_the_catalogue_filter_at_once(client, make_offer):
    offer = make_offer("Bilan de compétences", is_national=True)
    catalogue = offer.get_parent().url

    def regions():
        soup = soup_of(client.get(catalogue))
        return [option.get_text(strip=True) for option in soup.select("select[name=region] option")]

    assert "Région d’essai" not in regions()
    Region.objects.create(name="Région d’essai", slug="region-essai", code="99")
    assert "Région d’essai" in regions()
    # The chosen value is still shown as chosen.
    soup = soup_of(client.get(catalogue + "?region=region-essai"))
    chosen = soup.select_one("select[name=region] option[selected]")
    assert chosen.get_text(strip=True) == "Région d’essai"


@pytest.mark.parametrize("change", ["group", "permission"])
def test_a_members_permissions_follow_their_groups_at_once(client, portal, counsellor, change):
    """The header's "Avis sur la bêta" link needs pilot.view_feedback (cached per member)."""
    from django.contrib.auth.models import Permission

    client.force_login(counsellor)

    def has_link():
        return "Avis sur la bêta" in soup_of(client.get("/")).select_one(".account-nav").text

    assert not has_link()
    permission = Permission.objects.get(codename="view_feedback", content_type__app_label="pilot")
    group = Group.objects.create(name="Lecteurs des avis")
    if change == "group":
        group.permissions.add(permission)
        counsellor.groups.add(group)
        assert has_link()
        counsellor.groups.remove(group)
    else:
        counsellor.user_permissions.add(permission)
        assert has_link()
        counsellor.user_permissions.remove(permission)
    assert not has_link()


def test_leaving_the_counsellors_group_removes_the_proposal_link_at_once(client, counsellor):
    client.force_login(counsellor)
    assert client.get("/contributions/proposer/").status_code == 200
    counsellor.groups.clear()
    assert client.get("/contributions/proposer/").status_code == 403


def test_a_previewed_draft_never_reaches_the_live_page(client, make_offer):
    offer = make_offer("Bilan de compétences", is_national=True, eligibility="<p>Texte publié.</p>")
    assert "Texte publié." in client.get(offer.url).content.decode()  # its fragments are cached

    offer.eligibility = "<p>Texte en préparation.</p>"
    draft = offer.save_revision().as_object()
    preview = draft.make_preview_request()
    assert "Texte en préparation." in preview.content.decode()
    assert "Texte publié." not in preview.content.decode()

    live = client.get(offer.url).content.decode()
    assert "Texte publié." in live and "Texte en préparation." not in live


def test_a_page_is_served_as_last_published_to_a_member(client, counsellor, make_offer):
    client.force_login(counsellor)
    offer = make_offer("Bilan de compétences", is_national=True)
    assert "Bilan de compétences" in client.get(offer.url).content.decode()  # the page is kept

    offer.title = "Bilan de compétences en ligne"
    offer.save_revision()  # a draft: the live page stays as it was
    page = client.get(offer.url).content.decode()
    assert "<h1>Bilan de compétences</h1>" in page

    offer.save_revision().publish()
    page = client.get(offer.url).content.decode()
    assert "<h1>Bilan de compétences en ligne</h1>" in page
