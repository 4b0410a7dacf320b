"""Security headers: Content-Security-Policy, Permissions-Policy and the classic ones."""

import pytest
from bs4 import BeautifulSoup

from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import reply_url, topic_url
from tests.conftest import csp_directives


@pytest.fixture
def pages(make_offer, make_video, make_partner, counsellor, make_topic):
    make_partner("Carif-Oref", "https://www.carif.example")
    offer = make_offer("Bilan de compétences")
    video = make_video()
    topic = make_topic(counsellor)
    return {
        "home": "/",
        "catalogue": "/offres/",
        "offer": offer.url,
        "forum": "/forum/",
        "topic": topic_url(topic),
        "video": video.url,
        "embed": f"/embed/videos/{video.pk}/",
        "not found": "/page-qui-n-existe-pas/",
        "crafted": "/api/v2/news/?theme=%00",
    }


@pytest.mark.parametrize(
    "name",
    ["home", "catalogue", "offer", "forum", "topic", "video", "embed", "not found", "crafted"],
)
def test_public_pages_have_a_strict_policy(client, pages, name):
    response = client.get(pages[name])

    policy = csp_directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert "style-src" not in policy or "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] in (["'self'"], ["'none'"])
    assert set(policy["img-src"]) <= {"'self'", "data:"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_forum_reply_form_has_the_strict_policy_for_members(client, pages, counsellor):
    client.force_login(counsellor)
    topic_path = pages["topic"]
    from tests.conftest import Topic

    topic = Topic.objects.get()
    response = client.get(reply_url(topic))
    assert response.status_code == 200
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert csp_directives(response)["frame-ancestors"] == ["'self'"]
    assert client.get(topic_path).status_code == 200


def test_pages_render_no_inline_script(client, pages):
    """What the strict policy would block must not be in the pages: every script has a src."""
    for name in ("home", "catalogue", "topic", "video", "embed"):
        soup = BeautifulSoup(client.get(pages[name]).content, "html.parser")
        assert all(script.get("src") for script in soup.select("script")), name
        assert not soup.select("[style]"), name
        assert not [
            tag for tag in soup.find_all(True) if any(a.startswith("on") for a in tag.attrs)
        ], name


def test_only_pages_with_a_player_may_frame_the_player_host(client, pages):
    assert csp_directives(client.get(pages["video"]))["frame-src"] == [
        "'self'",
        "https://player.uodc.fr",
    ]
    assert csp_directives(client.get(pages["home"]))["frame-src"] == ["'self'"]
    assert csp_directives(client.get(pages["embed"]))["frame-src"] == ["https://player.uodc.fr"]


def test_embed_page_lists_the_partner_origin_and_other_pages_only_self(client, pages):
    embed = client.get(pages["embed"])
    assert csp_directives(embed)["frame-ancestors"] == ["'self'", "https://www.carif.example"]
    assert "X-Frame-Options" not in embed
    for name in ("home", "catalogue", "topic", "video"):
        response = client.get(pages[name])
        assert csp_directives(response)["frame-ancestors"] == ["'self'"], name
        assert response["X-Frame-Options"] == "SAMEORIGIN", name


def test_admin_keeps_a_relaxed_policy_that_still_forbids_framing_and_plugins(
    client, pages, django_user_model
):
    admin = django_user_model.objects.create_superuser(
        username="admin", email="admin@comcep.example", password="x", display_name="Admin"
    )
    client.force_login(admin)
    for url in ("/admin/", "/admin/login/", "/django-admin/"):
        response = client.get(url, follow=True)
        policy = csp_directives(response)
        assert "'unsafe-inline'" in policy["script-src"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'self'"], url
        assert policy["base-uri"] == ["'self'"], url


@pytest.mark.parametrize("name", ["home", "topic", "embed", "crafted"])
def test_permissions_policy_turns_off_unused_features(client, pages, name):
    header = client.get(pages[name])["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    # Only features browsers know: an unknown one is reported as an error in the console.
    assert "interest-cohort" not in features
