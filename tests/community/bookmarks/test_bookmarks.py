""" "Sauvegarder" and "Mes favoris": a member keeps topics, posts, offers, tools and videos for
later, with a note only they read; targets are read again through the visibility surface."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.core.db.models import get_model

from community.bookmarks.models import Bookmark
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import topic_url
from tests.conftest import form_fields, text_of
from tests.factories import MemberFactory

Post = get_model("forum_conversation", "Post")
LIST = reverse("bookmarks:list")
TOGGLE = reverse("bookmarks:toggle")


@pytest.fixture
def things(make_topic, make_member, make_offer, make_tool, make_video):
    author = make_member("claire", "Claire D. (Mission locale)")
    topic = make_topic(author, subject="Financer une VAE", content="Qui finance la VAE ?")
    reply = Post.objects.create(topic=topic, poster=author, content="Le CPF, souvent.")
    return {
        "topic": topic,
        "post": reply,
        "offer": make_offer("Compte personnel de formation"),
        "tool": make_tool("Diagoriente"),
        "video": make_video(title="La VAE en cinq minutes"),
    }


def unavailable(html):
    titles = BeautifulSoup(html, "html.parser").select("main h3")
    return [title.get_text() for title in titles].count("Contenu qui n’est plus disponible")


def save_form(html, kind, pk):
    """The "Sauvegarder" form of the page for that target, as a browser would send it."""
    soup = BeautifulSoup(html, "html.parser")
    for form in soup.select("form.save-form"):
        fields = form_fields(str(form), "form")
        if fields.get("kind") == kind and fields.get("pk") == str(pk):
            return form.select_one("button").get_text(" ", strip=True), fields
    return None, None


def test_a_member_saves_each_kind_from_its_page_and_finds_it_by_kind(client, things, counsellor):
    client.force_login(counsellor)
    pages = {
        "topic": topic_url(things["topic"]),
        "post": topic_url(things["topic"]),
        "offer": things["offer"].url,
        "tool": things["tool"].url,
        "video": things["video"].url,
    }
    for kind, url in pages.items():
        label, fields = save_form(client.get(url).content.decode(), kind, things[kind].pk)
        assert label.startswith("Sauvegarder"), kind
        response = client.post(TOGGLE, fields)
        assert response.status_code == 302 and response["Location"] == url
        label, _fields = save_form(client.get(url).content.decode(), kind, things[kind].pk)
        assert label.startswith("Sauvegardé"), kind
    assert Bookmark.objects.filter(user=counsellor).count() == 5

    soup = BeautifulSoup(client.get(LIST).content, "html.parser")
    assert soup.h1.get_text() == "Mes favoris"
    sections = {s.h2.get_text(): s for s in soup.select("main section")}
    assert list(sections) == ["Sujets", "Messages", "Offres", "Outils", "Vidéos"]
    links = {title: s.select_one("h3 a") for title, s in sections.items()}
    assert links["Sujets"].get_text() == "Financer une VAE"
    assert links["Messages"]["href"].endswith(f"?post={things['post'].pk}#{things['post'].pk}")
    assert "Message de Claire D. (Mission locale)" in sections["Messages"].get_text()
    assert links["Offres"]["href"] == things["offer"].url
    assert links["Outils"].get_text() == "Diagoriente"
    assert links["Vidéos"].get_text() == "La VAE en cinq minutes"

    # A note, then removing one.
    bookmark = Bookmark.objects.get(user=counsellor, kind="offer")
    client.post(reverse("bookmarks:note", args=[bookmark.pk]), {"note": "Pour Mme B., jeudi"})
    html = client.get(LIST).content.decode()
    assert "Pour Mme B., jeudi" in html and "Votre note a été enregistrée." in text_of(html)
    client.post(reverse("bookmarks:delete", args=[bookmark.pk]))
    assert not Bookmark.objects.filter(pk=bookmark.pk).exists()
    # Removing from the page's button.
    _label, fields = save_form(
        client.get(things["tool"].url).content.decode(), "tool", things["tool"].pk
    )
    assert fields["action"] == "remove"
    client.post(TOGGLE, fields)
    assert not Bookmark.objects.filter(user=counsellor, kind="tool").exists()


def test_another_members_bookmarks_are_never_shown_nor_reachable(client, things, counsellor):
    other = MemberFactory(username="julien")
    theirs = Bookmark.objects.create(user=other, kind="topic", topic=things["topic"], note="Secret")
    client.force_login(counsellor)
    html = client.get(LIST).content.decode()
    assert "Secret" not in html and "Financer une VAE" not in html
    assert "Rien de sauvegardé pour l’instant" in text_of(html)
    note = client.post(reverse("bookmarks:note", args=[theirs.pk]), {"note": "écrasée"})
    delete = client.post(reverse("bookmarks:delete", args=[theirs.pk]))
    assert note.status_code == 404 and delete.status_code == 404
    theirs.refresh_from_db()
    assert theirs.note == "Secret"


def test_only_approved_members_and_only_what_they_may_read(
    client, things, counsellor, pilot_rubric, make_topic
):
    assert client.get(LIST)["Location"].startswith(reverse("accounts:login"))
    assert client.post(TOGGLE, {"kind": "topic", "pk": things["topic"].pk}).status_code == 302
    assert not Bookmark.objects.exists()
    client.force_login(MemberFactory(username="attente", pending=True))
    assert client.get(LIST).status_code == 403
    assert "Sauvegarder" not in client.get(things["offer"].url).content.decode()

    # A topic of the private rubric cannot be saved by a member who cannot read it.
    secret = make_topic(MemberFactory(username="nadia", pilot=True), forum=pilot_rubric)
    client.force_login(counsellor)
    response = client.post(TOGGLE, {"kind": "topic", "pk": secret.pk, "action": "save"})
    assert response.status_code == 404
    for kind, pk in (("offer", things["tool"].pk), ("video", things["topic"].pk), ("x", 1)):
        assert client.post(TOGGLE, {"kind": kind, "pk": pk, "action": "save"}).status_code == 404
    assert not Bookmark.objects.exists()


def test_a_topic_moved_to_the_pilot_rubric_or_hidden_shows_as_unavailable(
    client, things, counsellor, pilot_rubric
):
    topic, post = things["topic"], things["post"]
    Bookmark.objects.create(user=counsellor, kind="topic", topic=topic, note="à relire")
    Bookmark.objects.create(user=counsellor, kind="post", post=post)
    topic.forum = pilot_rubric
    topic.save()

    client.force_login(counsellor)
    html = client.get(LIST).content.decode()
    text = text_of(html)
    assert unavailable(html) == 2
    assert "Financer une VAE" not in text and "Le CPF" not in text
    assert topic_url(topic) not in html
    assert "à relire" in html  # their own note stays theirs

    # A member of the pilot group still reads it; a hidden post is unavailable to them too.
    pilot = MemberFactory(username="nadia", pilot=True)
    Bookmark.objects.create(user=pilot, kind="topic", topic=topic)
    Bookmark.objects.create(user=pilot, kind="post", post=post)
    post.is_hidden = True
    post.save()
    client.force_login(pilot)
    html = client.get(LIST).content.decode()
    assert "Financer une VAE" in text_of(html) and unavailable(html) == 1


def test_my_bookmarks_cost_the_same_whatever_their_number(
    client, counsellor, make_topic, make_offer, make_tool, make_video
):
    def add(number, start):
        for index in range(start, start + number):
            topic = make_topic(counsellor, subject=f"Sujet {index}")
            reply = Post.objects.create(topic=topic, poster=counsellor, content="Réponse")
            Bookmark.objects.create(user=counsellor, kind="topic", topic=topic)
            Bookmark.objects.create(user=counsellor, kind="post", post=reply)
            Bookmark.objects.create(
                user=counsellor, kind="offer", page=make_offer(f"Offre {index}")
            )
            Bookmark.objects.create(user=counsellor, kind="tool", page=make_tool(f"Outil {index}"))
            Bookmark.objects.create(
                user=counsellor, kind="video", page=make_video(title=f"Vidéo {index}")
            )

    def count():
        client.get(LIST)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(queries), text_of(response.content.decode())

    client.force_login(counsellor)
    add(1, 0)
    small, _text = count()
    add(6, 1)
    large, text = count()
    assert "Sujet 6" in text and "Offre 6" in text and "Outil 6" in text and "Vidéo 6" in text
    assert small == large
