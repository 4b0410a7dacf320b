import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_counsellor_filters_the_catalogue_and_opens_an_offer(page, make_offer):
    make_offer("Permanence CEP en tiers-lieux", regions=["bretagne"], audiences=["salaries"])
    make_offer("Atelier CV lillois", regions=["hauts-de-france"], audiences=["salaries"])
    make_offer(
        "Compte personnel de formation",
        is_national=True,
        audiences=["salaries"],
        kind="funding",
        funder="Caisse des dépôts",
    )
    make_offer("Contrat d’engagement jeune", is_national=True, audiences=["jeunes-de-16-a-25-ans"])

    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Offres"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres")
    expect(page.get_by_role("heading", name="4 offres trouvées")).to_be_visible()

    page.get_by_label("Région").select_option(label="Bretagne")
    page.get_by_label("Public").select_option(label="Salariés")
    page.get_by_role("button", name="Appliquer les filtres").click()

    expect(page.get_by_role("heading", name="2 offres trouvées")).to_be_visible()
    assert "region=bretagne" in page.url and "audience=salaries" in page.url
    expect(page.get_by_role("link", name="Compte personnel de formation")).to_be_visible()
    expect(page.get_by_role("link", name="Permanence CEP en tiers-lieux")).to_be_visible()
    expect(page.get_by_role("link", name="Atelier CV lillois")).to_have_count(0)

    page.get_by_role("link", name="Permanence CEP en tiers-lieux").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Permanence CEP en tiers-lieux")
    expect(page.get_by_text("Vérifié le")).to_be_visible()
