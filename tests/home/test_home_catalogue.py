from bs4 import BeautifulSoup

from tests.conftest import text_of


def test_home_shows_latest_news_and_newest_offers_with_the_members_region_first(
    client, portal, make_offer, make_news, make_member
):
    from cms.taxonomies.models import Region

    make_offer("Offre bretonne", regions=["bretagne"])
    make_offer("Offre nationale récente", is_national=True)
    make_news("Le CEP a dix ans")

    text = text_of(client.get("/").content.decode())
    assert "Nouvelles offres" in text and "Actualités du CEP" in text
    assert "Le CEP a dix ans" in text

    member = make_member(region=Region.objects.get(slug="bretagne"))
    client.force_login(member)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.select_one('section[aria-labelledby="newest-offers-title"]')
    assert section.h2.get_text(strip=True) == "Nouvelles offres, Bretagne d’abord"
    assert [a.get_text(strip=True) for a in section.select(".card-item__title a")] == [
        "Offre bretonne",
        "Offre nationale récente",
    ]
