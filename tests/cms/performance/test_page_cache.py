"""Anonymous readers get public pages from the cache, and the next one after a change sees it.

The cache is a real one (Django's local-memory backend) and every change goes through the code an
editor, a member or a moderator uses; each test reads the page once before the change, so that the
change has a cached page to make obsolete.
"""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from machina.core.db.models import get_model

from cms.performance.pagecache import HEADER
from community.moderation.models import PostReport
from tests.cms.performance.page_cache_support import page_cache_settings
from tests.community.helpers import reply_url, rubric_url, topic_url
from tests.conftest import form_fields, text_of
from tests.factories import MemberFactory

Post = get_model("forum_conversation", "Post")

PAGE_CACHE = page_cache_settings("comcep-test-pages")


@pytest.fixture(autouse=True)
def page_cache():
    with PAGE_CACHE:
        caches["pages"].clear()
        yield caches["pages"]
        caches["pages"].clear()


def anonymous_get(url):
    """A reader without cookies: a new client each time, as a new visitor would be."""
    response = Client().get(url)
    assert response.status_code == 200
    return response


def read_twice(url):
    """The page as the next anonymous reader sees it, after one that put it in the cache."""
    first = anonymous_get(url)
    second = anonymous_get(url)
    assert second[HEADER] == "hit", "the second anonymous visit should come from the cache"
    assert first.content == second.content
    return text_of(second.content.decode())


def test_anonymous_pages_come_from_the_cache_with_their_headers(make_offer, rubric):
    offer = make_offer("Bilan de compétences", is_national=True)
    for url in ("/", offer.get_parent().url, offer.url, rubric_url(rubric), "/forum/"):
        first = anonymous_get(url)
        assert first[HEADER] == "miss"
        assert not first.cookies
        second = anonymous_get(url)
        assert second[HEADER] == "hit"
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert second["Content-Type"] == first["Content-Type"]


def test_publishing_an_offer_shows_it_to_the_next_reader(make_offer):
    draft = make_offer("Aide régionale à la mobilité", publish=False)
    catalogue = draft.get_parent().url
    assert "Aide régionale à la mobilité" not in read_twice(catalogue)

    draft.save_revision().publish()

    assert "Aide régionale à la mobilité" in read_twice(catalogue)
    assert "Aide régionale à la mobilité" in read_twice(draft.url)


def test_unpublishing_an_offer_removes_it_for_the_next_reader(make_offer):
    offer = make_offer("Permis de conduire financé", is_national=True)
    catalogue, url = offer.get_parent().url, offer.url
    assert "Permis de conduire financé" in read_twice(catalogue)
    read_twice(url)

    offer.unpublish()

    assert "Permis de conduire financé" not in read_twice(catalogue)
    assert Client().get(url).status_code == 404


def test_an_edited_offer_shows_its_new_text(make_offer):
    offer = make_offer("Prestation de conseil", summary="Ancien résumé de l’offre.")
    assert "Ancien résumé de l’offre." in read_twice(offer.url)

    offer.summary = "Nouveau résumé, relu par l’éditrice."
    offer.save_revision().publish()

    text = read_twice(offer.url)
    assert "Nouveau résumé, relu par l’éditrice." in text
    assert "Ancien résumé de l’offre." not in text


def test_a_new_reply_shows_on_the_topic_rubric_and_forum(client, make_topic, counsellor):
    topic = make_topic(counsellor, subject="Délais de la VAE")
    assert "Environ six semaines en Bretagne." not in read_twice(topic_url(topic))
    read_twice(rubric_url(topic.forum))

    client.force_login(MemberFactory(username="julien", display_name="Julien L. (Apec)"))
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Environ six semaines en Bretagne."
    assert client.post(reply_url(topic), data).status_code == 302

    assert "Environ six semaines en Bretagne." in read_twice(topic_url(topic))
    assert "Julien L. (Apec)" in read_twice(rubric_url(topic.forum))


def test_a_post_hidden_by_a_moderator_disappears_for_the_next_reader(
    client, make_topic, counsellor
):
    topic = make_topic(counsellor, subject="Un sujet tendu")
    post = Post.objects.create(topic=topic, poster=counsellor, content="Propos inacceptables ici")
    assert "Propos inacceptables ici" in read_twice(topic_url(topic))

    reader = MemberFactory(username="lea")
    report = PostReport.objects.create(post=post, reporter=reader, reason="abuse")
    client.force_login(MemberFactory(username="karim", moderator=True))
    response = client.post(
        reverse("community:report_action", kwargs={"pk": report.pk}),
        {"action": "hide", "message": "Contraire à la charte"},
    )
    assert response.status_code == 302

    text = read_twice(topic_url(topic))
    assert "Propos inacceptables ici" not in text
    assert "Un sujet tendu" in text


def test_a_signed_in_member_never_gets_a_cached_page(client, make_topic, counsellor):
    topic = make_topic(counsellor, subject="Rester neutre")
    url = topic_url(topic)
    read_twice(url)
    read_twice("/")

    client.force_login(counsellor)
    for page in (url, "/"):
        response = client.get(page)
        assert response.status_code == 200
        assert HEADER not in response
        # The member's own header, not the anonymous one from the cache.
        assert counsellor.display_name in text_of(response.content.decode())
    # And what a member saw is never served to anyone else.
    assert anonymous_get(url)[HEADER] == "hit"
    assert counsellor.display_name not in text_of(
        anonymous_get("/").content.decode().split("<main", 1)[0]
    )


def test_pages_with_a_form_token_or_a_cookie_are_never_cached(client, rubric):
    # The sign-in page holds a CSRF token; a visitor with a session is never served from cache.
    for _ in range(2):
        response = Client().get(reverse("accounts:login"))
        assert HEADER not in response
    anonymous_get("/forum/")
    with_cookie = Client()
    with_cookie.cookies["sessionid"] = "not-a-real-session"
    assert HEADER not in with_cookie.get("/forum/")
    # A page that does not exist is never stored.
    for _ in range(2):
        missing = Client().get("/forum/nulle-part-1/")
        assert missing.status_code == 404
        assert HEADER not in missing


def test_the_public_api_answers_members_from_the_same_cache(client, make_offer, counsellor):
    make_offer("Bilan de compétences", is_national=True)
    url = "/api/v2/offers/"
    anonymous = anonymous_get(url)
    assert anonymous[HEADER] == "miss"

    client.force_login(counsellor)
    member = client.get(url)
    assert member[HEADER] == "hit"
    assert member.content == anonymous.content
    # A member's page is never served from this cache, nor stored in it.
    for _ in range(2):
        assert HEADER not in client.get("/forum/")
