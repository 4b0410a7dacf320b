"""Partners embedding our videos: framing headers, the embed page, the oEmbed provider, partners."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from cms.security import normalise_origin
from cms.videos.models import Partner
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.cms.videos.videos_support import make_thumbnail
from tests.conftest import csp_directives, text_of

# --- Framing headers ----------------------------------------------------------------------------


def test_embed_page_lists_exactly_the_active_partners_origins(client, make_video, make_partner):
    make_partner("France Travail", "https://intranet.francetravail.example")
    make_partner(
        "Carif-Oref", "https://www.carif.example\nhttp://127.0.0.1:8765/", contact_name="Doc"
    )
    make_partner("Ancien partenaire", "https://ancien.example", is_active=False)
    video = make_video()

    response = client.get(f"/embed/videos/{video.pk}/")

    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == [
        "'self'",
        "https://www.carif.example",
        "http://127.0.0.1:8765",
        "https://intranet.francetravail.example",
    ]
    # X-Frame-Options cannot list origins: it must not contradict the policy on this page.
    assert "X-Frame-Options" not in response
    # The page may only load the player of the video's host.
    assert csp_directives(response)["frame-src"] == ["https://player.uodc.fr"]
    assert csp_directives(response)["default-src"] == ["'self'"]


def test_embed_page_without_partner_is_only_framed_by_the_portal(client, make_video):
    video = make_video()
    response = client.get(f"/embed/videos/{video.pk}/")
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]


def test_deactivating_a_partner_removes_its_origin_at_once(client, make_video, make_partner):
    partner = make_partner("Intranet", "https://intranet.example")
    video = make_video()
    assert (
        "https://intranet.example"
        in csp_directives(client.get(f"/embed/videos/{video.pk}/"))["frame-ancestors"]
    )
    partner.is_active = False
    partner.save()
    assert csp_directives(client.get(f"/embed/videos/{video.pk}/"))["frame-ancestors"] == ["'self'"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/videos/",
        "VIDEO",
        "/comptes/connexion/",
        "/forum/",
        "/oembed/?url=x",
        "/admin/login/",
        "/partenaires/integrer-nos-videos/",
        "/api/v2/videos/",
        "/page-qui-n-existe-pas/",
    ],
)
def test_every_other_page_refuses_to_be_framed_by_other_sites(
    client, make_video, make_partner, url
):
    make_partner("Intranet", "https://intranet.example")
    video = make_video()
    response = client.get(video.url if url == "VIDEO" else url)

    assert csp_directives(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_drafts_and_private_videos_have_no_embed_page(client, make_video):
    from wagtail.models import PageViewRestriction

    draft = make_video(live=False)
    private = make_video()
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert client.get(f"/embed/videos/{draft.pk}/").status_code == 404
    assert client.get(f"/embed/videos/{private.pk}/").status_code == 404
    assert client.get("/embed/videos/999999/").status_code == 404


def test_embed_page_is_minimal_and_accessible(client, make_video):
    video = make_video(title="Les trois temps du CEP")

    response = client.get(f"/embed/videos/{video.pk}/")
    soup = BeautifulSoup(response.content, "html.parser")

    assert soup.html["lang"] == "fr"
    assert [h1.get_text(strip=True) for h1 in soup.select("h1")] == ["Les trois temps du CEP"]
    assert not soup.select("header.site-header")
    assert not soup.select("iframe")  # the player waits for a click
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".video-embed__bar a")}
    assert links == {
        "Lire la transcription": f"http://testserver{video.url}#transcription",
        "Voir sur ComCep": f"http://testserver{video.url}",
    }
    assert "Lire la vidéo « Les trois temps du CEP »" in text_of(response.content.decode())
    # Partners' visitors get no cookie from the portal.
    assert not response.cookies
    # No inline script: the page's own policy only allows scripts from this site.
    assert all(script.get("src") for script in soup.select("script"))


# --- Partners -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("https://Intranet.Example.fr/", "https://intranet.example.fr"),
        ("https://intranet.example.fr:443", "https://intranet.example.fr"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    ],
)
def test_partner_origins_are_normalised(typed, stored):
    assert normalise_origin(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "intranet.example.fr",
        "https://intranet.example.fr/videos",
        "*",
        "https://*.example.fr",
        "ftp://intranet.example.fr",
        "https://intranet.example.fr; script-src *",
        "https://user:pass@intranet.example.fr",
        "'self'",
    ],
)
def test_invalid_partner_origins_are_refused_in_french(db, typed):
    partner = Partner(name="Partenaire", origins=typed)
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "n’est pas une origine valide" in " ".join(error.value.message_dict["origins"])


def test_staff_manage_partners_in_the_admin(client, django_user_model, portal):
    admin = django_user_model.objects.create_superuser(
        username="admin", email="admin@comcep.example", password="x", display_name="Admin"
    )
    client.force_login(admin)

    response = client.post(
        "/admin/snippets/videos/partner/add/",
        {
            "name": "Carif-Oref Occitanie",
            "origins": "https://www.carif.example/\nnope",
            "contact_name": "",
            "contact_email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "« nope » n’est pas une origine valide" in text_of(response.content.decode())
    # What the editor typed is kept.
    assert "https://www.carif.example/" in response.content.decode()

    response = client.post(
        "/admin/snippets/videos/partner/add/",
        {
            "name": "Carif-Oref Occitanie",
            "origins": "https://www.carif.example/",
            "contact_name": "",
            "contact_email": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Partner.objects.get().origins == "https://www.carif.example"

    # Counsellors (not staff) cannot reach it.
    client.logout()
    assert client.get("/admin/snippets/videos/partner/").status_code == 302


# --- oEmbed -------------------------------------------------------------------------------------


def oembed(client, **params):
    return client.get("/oembed/", params)


def test_oembed_answers_a_video_with_the_fields_the_specification_requires(
    client, make_video, settings
):
    video = make_video(title="La VAE en cinq minutes", thumbnail=make_thumbnail())

    response = oembed(client, url=f"http://testserver{video.url}", format="json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["version"] == "1.0"
    assert data["type"] == "video"
    # type "video": html, width and height are required; width and height are integers.
    assert isinstance(data["width"], int) and isinstance(data["height"], int)
    assert (data["width"], data["height"]) == (640, 424)
    iframe = BeautifulSoup(data["html"], "html.parser").iframe
    assert iframe["src"] == f"http://testserver/embed/videos/{video.pk}/"
    assert (iframe["width"], iframe["height"]) == ("640", "424")
    assert iframe["title"] == "Vidéo\u00a0: La VAE en cinq minutes"
    assert data["title"] == "La VAE en cinq minutes"
    assert data["provider_name"] == "ComCep"
    assert data["provider_url"] == "http://testserver/"
    assert isinstance(data["cache_age"], int)
    # Thumbnail: url, width and height come together.
    assert data["thumbnail_url"].startswith("http://testserver/")
    # Media files are served by the web server, not Django: the file must exist behind the address.
    media_path = data["thumbnail_url"].removeprefix(f"http://testserver{settings.MEDIA_URL}")
    assert default_storage.exists(media_path)
    assert isinstance(data["thumbnail_width"], int) and isinstance(data["thumbnail_height"], int)


def test_oembed_format_defaults_to_json_and_thumbnail_is_optional(client, make_video):
    video = make_video()
    data = oembed(client, url=f"http://testserver{video.url}").json()
    assert data["type"] == "video"
    assert not {"thumbnail_url", "thumbnail_width", "thumbnail_height"} & set(data)


@pytest.mark.parametrize(
    ("params", "size"),
    [
        ({"maxwidth": "480"}, (480, 334)),
        ({"maxwidth": "2000"}, (640, 424)),
        ({"maxheight": "300"}, (419, 300)),
        ({"maxwidth": "480", "maxheight": "200"}, (241, 200)),
        ({"maxwidth": "abc"}, (640, 424)),
    ],
)
def test_oembed_respects_maxwidth_and_maxheight(client, make_video, params, size):
    video = make_video()

    data = oembed(client, url=f"http://testserver{video.url}", **params).json()

    assert (data["width"], data["height"]) == size
    if "maxwidth" in params and params["maxwidth"].isdigit():
        assert data["width"] <= int(params["maxwidth"])
    if "maxheight" in params:
        assert data["height"] <= int(params["maxheight"])
    iframe = BeautifulSoup(data["html"], "html.parser").iframe
    assert (int(iframe["width"]), int(iframe["height"])) == size


def test_oembed_unknown_urls_are_404(client, make_video, video_index):
    draft = make_video(live=False)
    for url in (
        "http://testserver/videos/n-existe-pas/",
        "http://testserver/videos/",  # the library is not a video
        f"http://testserver{draft.url or '/videos/' + draft.slug + '/'}",
        "https://ailleurs.example/videos/capsule-1/",
        "javascript:alert(1)",
    ):
        assert oembed(client, url=url).status_code == 404, url


def test_oembed_unsupported_format_is_501_and_missing_url_is_400(client, make_video):
    video = make_video()
    assert oembed(client, url=f"http://testserver{video.url}", format="xml").status_code == 501
    assert oembed(client).status_code == 400


# --- Partner guide ------------------------------------------------------------------------------


def test_partner_guide_examples_all_work(client, make_video, video_index):
    from cms.taxonomies.models import Theme

    theme = Theme.objects.create(name="Financement", slug="financement")
    video = make_video(title="Mobiliser le CPF", themes=[theme])

    response = client.get("/partenaires/integrer-nos-videos/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [h1.get_text() for h1 in soup.select("h1")] == [
        "Intégrer nos vidéos et réutiliser le catalogue"
    ]
    examples = [a["href"] for a in soup.select("a.partner-guide__example")]
    assert len(examples) >= 5
    assert f"http://testserver/embed/videos/{video.pk}/" in examples
    assert "http://testserver/api/v2/videos/?theme=financement" in examples
    for url in examples:
        assert url.startswith("http://testserver/")
        answer = client.get(url.removeprefix("http://testserver"))
        assert answer.status_code == 200, url
    oembed_example = next(url for url in examples if "/oembed/" in url)
    assert client.get(oembed_example.removeprefix("http://testserver")).json()["width"] == 480
    theme_example = client.get("/api/v2/videos/?theme=financement").json()
    assert [item["title"] for item in theme_example["items"]] == ["Mobiliser le CPF"]
    # The copy-paste code is the one of the video pages.
    code = BeautifulSoup(soup.select_one("pre code").get_text(), "html.parser").iframe
    assert code["src"] == f"http://testserver/embed/videos/{video.pk}/"
    assert code["title"] == "Vidéo\u00a0: Mobiliser le CPF"


def test_partner_guide_without_videos_says_so(client, portal):
    response = client.get("/partenaires/integrer-nos-videos/")
    assert response.status_code == 200
    assert "Aucune vidéo n’est encore publiée" in text_of(response.content.decode())


def test_a_provider_cannot_inject_directives_into_the_embed_page_policy(db):
    from cms.videos.players import origin_of

    assert origin_of("https://player.example:8443/embed/1?x=y") == "https://player.example:8443"
    assert origin_of("https://player.example;script-src */embed") == ""
    assert origin_of("javascript:alert(1)") == ""
