from bs4 import BeautifulSoup

from cms.standard.models import StandardPage


def test_standard_pages_live_under_the_home_page_and_each_other_only(portal, catalogue):
    legal = portal.add_child(
        instance=StandardPage(title="Mentions légales", slug="mentions", body="<p>Texte.</p>")
    )
    assert StandardPage.can_create_at(portal)
    assert StandardPage.can_create_at(legal)
    assert not StandardPage.can_create_at(catalogue)
    assert [model.__name__ for model in legal.specific_class.allowed_subpage_models()] == [
        "StandardPage"
    ]


def test_legal_page_is_served_and_linked_from_the_footer(client, portal):
    page = portal.add_child(
        instance=StandardPage(
            title="Mentions légales",
            slug="mentions-legales",
            body="<p>Éditeur : Centre Inffo.</p>",
            show_in_menus=True,
        )
    )
    portal.add_child(
        instance=StandardPage(
            title="Brouillon", slug="brouillon", body="<p>x</p>", live=False, show_in_menus=True
        )
    )

    response = client.get("/mentions-legales/")
    assert response.status_code == 200
    assert "Éditeur : Centre Inffo." in response.content.decode()

    soup = BeautifulSoup(client.get("/").content, "html.parser")
    footer_links = soup.select('footer nav[aria-label="Informations légales"] a')
    assert [(a.get_text(), a["href"]) for a in footer_links] == [
        (page.title, "/mentions-legales/"),
        ("Plan du site", "/plan-du-site/"),
    ]


def test_an_editor_can_create_a_standard_page_under_the_home_page(portal):
    assert StandardPage.can_create_at(portal)
    assert not StandardPage.can_create_at(portal.get_parent())
