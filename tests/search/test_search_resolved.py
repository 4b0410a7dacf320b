"""The site search's discussions say "résolu" / "sans réponse", and can be kept to resolved ones."""

from bs4 import BeautifulSoup


def statuses(client, query_string):
    soup = BeautifulSoup(client.get(f"/recherche/?{query_string}").content, "html.parser")
    return {
        card.select_one(".search-result__title a").get_text(strip=True): (
            card.select_one(".badge").get_text(strip=True) if card.select_one(".badge") else ""
        )
        for card in soup.select("main .search-result")
    }


def test_resolved_facet_and_badges(client, search, make_topic, make_member, make_offer):
    sophie, julien = make_member(), make_member("julien", "Julien L.")
    make_topic(
        sophie,
        subject="Financer une VAE",
        content="Qui finance la VAE ?",
        with_validated_answer="Le CPF finance la VAE.",
        with_validated_answer__poster=julien,
    )
    make_topic(
        sophie,
        subject="VAE et employeur",
        content="La VAE avec l’employeur ?",
        with_replies=["Oui, parfois."],
        with_replies__poster=julien,
    )
    make_topic(sophie, subject="VAE sans réponse", content="Une VAE en attente de réponse ?")
    make_offer("France VAE", summary="La VAE en ligne.")

    assert statuses(client, "q=vae&type=discussion") == {
        "Financer une VAE": "résolu",
        "VAE et employeur": "",
        "VAE sans réponse": "sans réponse",
    }
    # Resolved only: discussions whose answer was validated (pages have no such state).
    assert search("q=vae&resolu=1") == ["Financer une VAE"]
    assert sorted(search("q=vae")) == sorted(
        ["Financer une VAE", "VAE et employeur", "VAE sans réponse", "France VAE"]
    )
    soup = BeautifulSoup(client.get("/recherche/?q=vae&resolu=1").content, "html.parser")
    assert soup.select_one("#id_resolu").has_attr("checked")
    assert soup.find("label", attrs={"for": "id_resolu"}).get_text() == (
        "Discussions résolues uniquement"
    )
