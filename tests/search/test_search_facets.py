from datetime import timedelta

from django.utils import timezone

from cms.taxonomies.models import Region, Theme


def test_each_facet_alone_and_combined(search, make_offer, make_news, make_topic, counsellor):
    theme = Theme.objects.order_by("pk").first()
    region = Region.objects.get(slug="bretagne")
    local = make_offer("Conseil en Bretagne", regions=["bretagne"], summary="Conseil CEP local")
    local.themes = [theme]
    local.save_revision().publish()
    make_offer("Conseil national", is_national=True, summary="Conseil CEP partout")
    make_offer("Conseil en Normandie", regions=["normandie"], summary="Conseil CEP ailleurs")
    make_news("Le conseil CEP en chiffres")
    topic = make_topic(counsellor, subject="Conseil CEP entre pairs", content="Conseil CEP")
    topic.themes.add(theme)

    assert len(search("q=conseil")) == 5
    assert sorted(search("q=conseil&type=offre")) == [
        "Conseil en Bretagne",
        "Conseil en Normandie",
        "Conseil national",
    ]
    assert search("q=conseil&type=actualite") == ["Le conseil CEP en chiffres"]
    assert search("q=conseil&type=discussion") == ["Conseil CEP entre pairs"]
    assert sorted(search(f"q=conseil&theme={theme.slug}")) == [
        "Conseil CEP entre pairs",
        "Conseil en Bretagne",
    ]
    assert sorted(search(f"q=conseil&region={region.slug}")) == [
        "Conseil en Bretagne",
        "Conseil national",
    ]
    assert search(f"q=conseil&region={region.slug}&theme={theme.slug}&type=offre") == [
        "Conseil en Bretagne"
    ]
    assert len(search("q=conseil&type=offre&type=discussion")) == 4


def test_markup_in_the_query_and_facets_is_escaped_and_invalid_facets_ignored(client, make_offer):
    make_offer("Conseil en évolution professionnelle")
    response = client.get(
        "/recherche/?q=<script>alert(1)</script>conseil&type=<b>x</b>&theme=<i>y</i>&sort=<x>"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<b>x</b>" not in html and "<i>y</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;conseil" in html
    assert "ont été ignorés" in html
    response = client.get("/recherche/?q=" + "conseil " * 125)
    assert response.status_code == 200
    assert "Conseil en évolution professionnelle" in response.content.decode()


def test_drafts_and_unpublished_pages_are_never_found(search, make_offer):
    make_offer("Brouillon de dispositif", publish=False)
    page = make_offer("Dispositif publié")
    assert search("q=dispositif") == ["Dispositif publié"]
    page.unpublish()
    assert search("q=dispositif") == []
    page.save_revision().publish()
    assert search("q=dispositif") == ["Dispositif publié"]


def test_the_empty_state_suggests_removing_facets_and_asking_the_community(client, portal):
    html = client.get("/recherche/?q=introuvable&type=offre").content.decode()
    assert "Aucun résultat" in html
    assert "Relancer la recherche sans les filtres" in html
    assert "Poser la question à la communauté" in html


def test_most_recent_first_mixes_pages_and_discussions_by_date(
    search, make_offer, make_topic, counsellor
):
    now = timezone.now()
    make_offer("Dispositif ancien", last_published_at=now - timedelta(days=10))
    make_offer("Dispositif récent", last_published_at=now - timedelta(days=1))
    make_topic(counsellor, subject="Dispositif en discussion", content="Quel dispositif ?")

    assert search("q=dispositif&sort=recent") == [
        "Dispositif en discussion",
        "Dispositif récent",
        "Dispositif ancien",
    ]
    assert sorted(search("q=dispositif")) == sorted(search("q=dispositif&sort=recent"))
