"""The video library: page tree, editing in Wagtail, listing filters, video and playlist pages."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.videos.models import PlaylistPage, VideoIndexPage, VideoPage
from home.models import HomePage
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.cms.videos.videos_support import make_thumbnail
from tests.conftest import form_fields, page_queries, text_of

# --- Page tree --------------------------------------------------------------------------------


def test_page_types_only_go_where_they_belong(db):
    assert VideoIndexPage.allowed_parent_page_models() == [HomePage]
    assert set(VideoIndexPage.allowed_subpage_models()) == {VideoPage, PlaylistPage}
    assert VideoPage.allowed_parent_page_models() == [VideoIndexPage]
    assert VideoPage.allowed_subpage_models() == []
    assert PlaylistPage.allowed_parent_page_models() == [VideoIndexPage]
    assert PlaylistPage.allowed_subpage_models() == []
    assert not VideoPage.can_create_at(HomePage())
    assert not PlaylistPage.can_create_at(HomePage())
    assert VideoIndexPage.can_create_at(HomePage())
    assert not VideoIndexPage.can_create_at(VideoIndexPage())


@pytest.fixture
def admin_client(client, django_user_model, portal):
    admin = django_user_model.objects.create_superuser(
        username="admin", email="admin@comcep.example", password="x", display_name="Admin"
    )
    client.force_login(admin)
    return client


def admin_add(client, model, parent, fields, publish=True):
    """Submit Wagtail's real "add page" form: its hidden fields as rendered, plus ``fields``."""
    url = reverse("wagtailadmin_pages:add", args=("videos", model._meta.model_name, parent.pk))
    page = client.get(url)
    assert page.status_code == 200
    data = form_fields(page.content.decode(), "form#page-edit-form")
    multiple = {name: value for name, value in fields.items() if isinstance(value, list)}
    data.update(nested_form_data({k: v for k, v in fields.items() if k not in multiple}))
    data.update(multiple)
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(url, data)


def test_an_editor_creates_the_index_a_video_and_a_playlist_in_the_admin(
    admin_client, portal, themes, audiences
):
    response = admin_add(
        admin_client,
        VideoIndexPage,
        portal,
        {"title": "Vidéos", "slug": "videos", "introduction": "Les capsules."},
    )
    assert response.status_code == 302, response.context["form"].errors
    index = VideoIndexPage.objects.get()
    assert index.live

    response = admin_add(
        admin_client,
        VideoPage,
        index,
        {
            "title": "Mobiliser le CPF",
            "slug": "mobiliser-le-cpf",
            "source_url": "https://www.uodc.fr/capsules/cpf",
            "description": "La démarche pas à pas.",
            "duration": "4:30",
            "themes": [themes["financement"].pk],
            "audiences": [audiences["salaries"].pk],
            "transcript": rich_text("<p>Le CPF est alimenté chaque année.</p>"),
            "chapters": streamfield([("chapter", {"start": "01:10", "title": "Les droits"})]),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    video = VideoPage.objects.get()
    assert video.live
    assert video.duration_seconds == 270
    assert list(video.themes.values_list("slug", flat=True)) == ["financement"]
    assert video.chapters[0].value.seconds() == 70

    response = admin_add(
        admin_client,
        PlaylistPage,
        index,
        {
            "title": "Se former aux outils du CEP",
            "slug": "se-former",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "1",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-video": str(video.pk),
            "items-0-ORDER": "1",
            "items-0-DELETE": "",
            "items-0-id": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert [item.video_id for item in PlaylistPage.objects.get().items.all()] == [video.pk]


def video_fields(**overrides):
    return {
        "title": "Sans transcription",
        "slug": "sans-transcription",
        "source_url": "https://www.uodc.fr/capsules/sans",
        "description": "Une capsule.",
        "duration": "3:00",
        "transcript": rich_text(""),
        "chapters": streamfield([]),
        **overrides,
    }


def test_publishing_a_video_without_transcript_is_refused_in_french(admin_client, video_index):
    response = admin_add(admin_client, VideoPage, video_index, video_fields())

    assert response.status_code == 200
    assert not VideoPage.objects.exists()
    errors = response.context["form"].errors["transcript"]
    assert errors == [
        "Ajoutez la transcription avant de publier\u00a0: elle rend la vidéo accessible aux "
        "personnes qui ne peuvent pas l’entendre. Vous pouvez enregistrer un brouillon sans elle."
    ]
    assert "Ajoutez la transcription avant de publier" in text_of(response.content.decode())


def test_a_draft_without_transcript_can_be_saved_but_not_published(admin_client, video_index):
    response = admin_add(admin_client, VideoPage, video_index, video_fields(), publish=False)
    assert response.status_code == 302
    draft = VideoPage.objects.get()
    assert not draft.live

    # Publishing the saved draft from code is refused too (model validation).
    with pytest.raises(Exception, match="Ajoutez la transcription"):
        draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert not draft.live


# --- Video library listing ----------------------------------------------------------------------


def titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".video-card__title a")]


def test_library_lists_live_public_videos_only(client, video_index, make_video):
    make_video(title="Visible")
    make_video(title="Brouillon", live=False)
    private = make_video(title="Réservée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/videos/")

    assert response.status_code == 200
    assert titles(response) == ["Visible"]
    assert "1 vidéo trouvée" in text_of(response.content.decode())


def test_library_filters_by_theme_audience_duration_and_text(
    client, video_index, make_video, themes, audiences
):
    make_video(
        title="CPF pour salariés",
        themes=[themes["financement"]],
        minutes=3,
        audiences=[audiences["salaries"]],
    )
    make_video(
        title="Reconversion des cadres",
        themes=[themes["reconversion"]],
        minutes=12,
        audiences=[audiences["cadres"]],
    )
    make_video(
        title="Outils numériques",
        themes=[themes["outils-du-conseiller"]],
        minutes=25,
        description="Mon Compte Formation et les fiches métiers.",
    )

    assert titles(client.get("/videos/?theme=financement")) == ["CPF pour salariés"]
    assert titles(client.get("/videos/?audience=cadres")) == ["Reconversion des cadres"]
    assert titles(client.get("/videos/?duration=short")) == ["CPF pour salariés"]
    assert titles(client.get("/videos/?duration=medium")) == ["Reconversion des cadres"]
    assert titles(client.get("/videos/?duration=long")) == ["Outils numériques"]
    assert titles(client.get("/videos/?q=fiches+métiers")) == ["Outils numériques"]
    assert titles(client.get("/videos/?theme=reconversion&duration=short")) == []
    assert "Aucune vidéo ne correspond à ces filtres." in text_of(
        client.get("/videos/?theme=reconversion&duration=short").content.decode()
    )


def test_an_invalid_filter_value_is_ignored_with_a_french_message(
    client, video_index, make_video, themes
):
    make_video(title="CPF", themes=[themes["financement"]])
    make_video(title="Autre")

    response = client.get("/videos/?theme=inconnue&duration=eternel&q=CPF")

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert (
        "Ces filtres avaient des valeurs inconnues et ont été ignorés : Thématique, Durée." in text
    )
    # The valid part of the query still applies, and what the user typed is kept.
    assert titles(response) == ["CPF"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("main input[name=q]")["value"] == "CPF"


def test_library_is_paginated_and_keeps_the_filters(client, video_index, make_video, themes):
    for number in range(14):
        make_video(title=f"Capsule {number:02d}", themes=[themes["financement"]])
    make_video(title="Hors thème")

    first = client.get("/videos/?theme=financement")
    assert len(titles(first)) == 12
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.select_one(".pager a[rel=next]")["href"]
    assert next_link == "?theme=financement&page=2"

    second = client.get("/videos/" + next_link)
    assert len(titles(second)) == 2
    assert "Hors thème" not in titles(second)
    # An out-of-range or invalid page number shows a real page, not an error.
    assert client.get("/videos/?page=99").status_code == 200
    assert client.get("/videos/?page=abc").status_code == 200


def test_playlist_query_count_does_not_grow(client, video_index, make_video, make_playlist, themes):
    def playlist_of(count, title):
        videos = [
            make_video(themes=[themes["financement"]], thumbnail=make_thumbnail())
            for _ in range(count)
        ]
        return make_playlist(title, videos)

    small = count_queries(client, playlist_of(2, "Petit parcours").url)
    large = count_queries(client, playlist_of(9, "Grand parcours").url)
    assert small == large


def count_queries(client, url):
    return page_queries(client, url)[0]


def test_library_query_count_does_not_grow_with_the_number_of_videos(
    client, video_index, make_video, themes, audiences
):
    def add(count):
        for _ in range(count):
            make_video(
                themes=[themes["financement"], themes["reconversion"]],
                audiences=[audiences["salaries"]],
                thumbnail=make_thumbnail(),
            )

    add(2)
    small = count_queries(client, "/videos/?theme=financement")
    add(10)
    large = count_queries(client, "/videos/?theme=financement")
    assert small == large
    assert large <= 24, large


def test_video_page_shows_everything_a_counsellor_needs(client, video_index, make_video, themes):
    video = make_video(
        title="Mobiliser le CPF",
        themes=[themes["financement"]],
        minutes=4,
        chapters=[("chapter", {"start": "01:10", "title": "Consulter ses droits"})],
    )

    response = client.get(video.url)
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert soup.select("h1") and len(soup.select("h1")) == 1
    assert soup.h1.get_text(strip=True) == "Mobiliser le CPF"
    text = text_of(html)
    assert "Durée : 4 min" in text
    assert "Financement" in text
    assert "01:10 Consulter ses droits" in text
    assert soup.select_one("#transcription h2").get_text() == "Transcription"
    assert "trois temps du conseil" in soup.select_one("#transcription").get_text()
    # The transcript is one click away from the player.
    assert soup.select_one(".video-player a[href='#transcription']")
    # The player waits in an inert template, with a meaningful title.
    template = soup.select_one("template[data-video-player-template]")
    iframe = BeautifulSoup(template.decode_contents(), "html.parser").iframe
    assert iframe["src"] == f"https://player.uodc.fr/embed/capsule-{video.slug.split('-')[1]}"
    assert iframe["title"] == "Vidéo\u00a0: Mobiliser le CPF"
    assert not soup.select("iframe")  # no live iframe before a click
    assert "Lire la vidéo « Mobiliser le CPF »" in text


def test_video_page_advertises_oembed_and_offers_an_embed_code(client, video_index, make_video):
    video = make_video(title="Le bilan de compétences")

    soup = BeautifulSoup(client.get(video.url).content, "html.parser")

    link = soup.select_one('link[rel=alternate][type="application/json+oembed"]')
    assert link["href"] == (
        "http://testserver/oembed/?url=http%3A%2F%2Ftestserver%2Fvideos%2F"
        f"{video.slug}%2F&format=json"
    )
    assert client.get(link["href"]).status_code == 200
    section = soup.select_one("section.video-embed-code")
    assert section.h2.get_text() == "Intégrer cette vidéo"
    textarea = section.select_one("textarea#embed-code")
    assert section.select_one("label[for=embed-code]").get_text() == "Code d’intégration"
    code = BeautifulSoup(textarea.get_text(), "html.parser").iframe
    assert code["src"] == f"http://testserver/embed/videos/{video.pk}/"
    assert code["title"] == "Vidéo\u00a0: Le bilan de compétences"


def test_fallback_hosts_go_through_wagtail_oembed_finders(
    client, video_index, make_video, settings
):
    """A link no rule knows is resolved by Wagtail's embed finders (here a local stub finder)."""
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "tests.cms.videos.videos_stub_finder"}]
    video = make_video(title="Sur un autre hébergeur", source_url="https://videos.example/v/42")

    soup = BeautifulSoup(client.get(video.url).content, "html.parser")

    template = soup.select_one("template[data-video-player-template]")
    iframe = BeautifulSoup(template.decode_contents(), "html.parser").iframe
    assert iframe["src"] == "https://videos.example/embed/42"
    assert iframe["title"] == "Vidéo\u00a0: Sur un autre hébergeur"


def test_a_link_nobody_can_play_still_offers_the_video_link(client, video_index, make_video):
    video = make_video(title="Introuvable", source_url="https://inconnu.example/video")

    soup = BeautifulSoup(client.get(video.url).content, "html.parser")

    assert not soup.select("template[data-video-player-template]")
    assert soup.select_one(".video-player__fallback a")["href"] == "https://inconnu.example/video"


def test_playlist_shows_its_videos_in_the_editors_order(
    client, video_index, make_video, make_playlist
):
    first, second, third = (make_video(title=t) for t in ("Alpha", "Bravo", "Charlie"))
    draft = make_video(title="Brouillon", live=False)
    playlist = make_playlist("Se former aux outils du CEP", [third, draft, first, second])

    response = client.get(playlist.url)

    assert titles(response) == ["Charlie", "Alpha", "Bravo"]
    assert "3 vidéos dans ce parcours" in text_of(response.content.decode())
    index_text = text_of(client.get("/videos/").content.decode())
    assert "Se former aux outils du CEP" in index_text


def test_header_shows_videos_only_when_the_library_is_live(client, portal):
    def nav_labels():
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        return [a.get_text(strip=True) for a in soup.select("nav.main-nav a")]

    assert "Vidéos" not in nav_labels()
    index = portal.add_child(instance=VideoIndexPage(title="Vidéos", slug="videos"))
    assert "Vidéos" in nav_labels()
    index.unpublish()
    assert "Vidéos" not in nav_labels()
