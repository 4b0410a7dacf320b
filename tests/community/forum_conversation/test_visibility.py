"""Every reader of forum content shows only what the reader may read (``visible_to``).

One world: a public topic with a hidden reply and a reply waiting for approval, a topic waiting for
approval, and a topic of the private pilot rubric, all tagged with the same theme and written by the
same member. Each page that lists or shows forum content is read as an anonymous visitor, as a
counsellor outside the pilot group and as a pilot member.
"""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme
from tests.community.helpers import rubric_url, topic_url

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

PUBLIC = "Une question publique sur le CPF"
HIDDEN = "Réponse masquée par les modérateurs"
WAITING_REPLY = "Réponse qui attend sa validation"
WAITING_TOPIC = "Sujet qui attend sa validation"
PILOT = "Retour confidentiel du groupe pilote"


@pytest.fixture
def world(portal, rubric, pilot_rubric, make_member, make_topic, counsellor, pilot_counsellor):
    theme = Theme.objects.create(name="Financement", slug="financement")
    author = make_member("auteur", "Auteur A.")
    public = make_topic(
        author,
        subject=PUBLIC,
        content="Comment mobiliser le CPF ?",
        with_hidden_reply=HIDDEN,
        with_pending_reply=WAITING_REPLY,
    )
    waiting = make_topic(author, subject=WAITING_TOPIC, content="En attente", pending=True)
    pilot = make_topic(author, subject=PILOT, content="Rien à voir ailleurs", forum=pilot_rubric)
    for topic in (public, waiting, pilot):
        topic.themes.add(theme)
    return {
        "theme": theme,
        "author": author,
        "public": public,
        "pilot": pilot,
        "rubric": rubric,
        "pilot_rubric": pilot_rubric,
        "readers": {"anonymous": None, "counsellor": counsellor, "pilot": pilot_counsellor},
    }


READERS = {
    "forum index": lambda w: "/forum/",
    "rubric": lambda w: rubric_url(w["rubric"]),
    "all topics": lambda w: reverse("community:topic_list"),
    "theme page": lambda w: reverse("community:theme", kwargs={"slug": w["theme"].slug}),
    "public topic": lambda w: topic_url(w["public"]),
    "member profile": lambda w: reverse("forum_member:profile", kwargs={"pk": w["author"].pk}),
    "member posts": lambda w: reverse("forum_member:user_posts", kwargs={"pk": w["author"].pk}),
    "home page": lambda w: "/",
    "forum feed": lambda w: reverse("community:latest_topics_feed"),
    "unread topics": lambda w: reverse("forum_tracking:unread_topics"),
}


@pytest.mark.parametrize("reader", list(READERS))
def test_each_reader_hides_what_the_reader_may_not_read(client, world, reader):
    url = READERS[reader](world)
    for role, user in world["readers"].items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code == 302:  # pages for members only
            assert role == "anonymous", (reader, role)
            continue
        assert response.status_code == 200, (reader, role)
        body = response.content.decode()
        for secret in (HIDDEN, WAITING_REPLY, WAITING_TOPIC):
            assert secret not in body, (reader, role, secret)
        if role != "pilot":
            assert PILOT not in body, (reader, role)
        elif reader in LISTS_PILOT_TOPIC:
            assert PILOT in body, (reader, role)


# Readers that list the pilot topic to a pilot member (the others show other rubrics or topics,
# rubrics without subjects, or what the member has not read yet).
LISTS_PILOT_TOPIC = {
    "all topics",
    "theme page",
    "member profile",
    "member posts",
    "home page",
    "forum feed",
}


def test_the_public_topic_is_listed_where_it_should_be(client, world):
    for reader in ("rubric", "all topics", "theme page", "home page", "forum feed"):
        body = client.get(READERS[reader](world)).content.decode()
        assert PUBLIC in body, reader


def test_pending_and_hidden_posts_are_found_only_by_whom_they_concern(client, world, moderator):
    public = world["public"]
    client.force_login(world["author"])
    page = client.get(topic_url(public)).content.decode()
    assert WAITING_REPLY in page and HIDDEN not in page
    client.force_login(moderator)
    page = client.get(topic_url(public)).content.decode()
    assert WAITING_REPLY in page and HIDDEN in page


def test_the_api_serves_no_forum_content(client, world):
    for endpoint in ("/api/v2/offers/", "/api/v2/news/", "/api/v2/videos/"):
        body = client.get(endpoint).content.decode()
        for secret in (PUBLIC, HIDDEN, WAITING_REPLY, WAITING_TOPIC, PILOT):
            assert secret not in body, endpoint
