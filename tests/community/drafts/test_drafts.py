"""Drafts that survive: saved on the server as the member types or previews, offered again when
the form or the topic opens, listed in "Mes brouillons", deleted once posted; only their author
reads them."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.core.db.models import get_model

from community.drafts.models import Draft
from tests.community.helpers import reply_url, topic_create_url, topic_url
from tests.conftest import form_fields, text_of
from tests.factories import MemberFactory

Post = get_model("forum_conversation", "Post")
SAVE = reverse("drafts:save")
LIST = reverse("drafts:list")
TEXT = "Je commence par reformuler la demande, puis je propose un second rendez-vous."


@pytest.fixture
def topic(make_topic, make_member):
    return make_topic(make_member("claire", "Claire D. (Mission locale)"), subject="Rester neutre")


def reply_form(client, topic, query=""):
    html = client.get(reply_url(topic) + query).content.decode()
    return html, form_fields(html, "form[enctype]")


def test_a_preview_without_javascript_saves_the_reply_and_posting_deletes_it(
    client, topic, counsellor
):
    client.force_login(counsellor)
    _html, data = reply_form(client, topic)
    data.update(content=TEXT, preview="1")
    response = client.post(reply_url(topic), data)
    assert response.status_code == 200
    draft = Draft.objects.get(user=counsellor, topic=topic)
    assert draft.content == TEXT
    assert "Brouillon enregistré à" in text_of(response.content.decode())

    # Coming back: the form offers the draft, then is filled with it.
    html, fields = reply_form(client, topic)
    assert "Vous avez un brouillon enregistré le" in text_of(html)
    assert fields["content"].strip() == ""
    html, fields = reply_form(client, topic, "?brouillon=reprendre")
    assert fields["content"].lstrip("\n") == TEXT
    assert "Votre brouillon a été remis dans le formulaire." in text_of(html)
    # The topic page offers to resume it too.
    page = BeautifulSoup(client.get(topic_url(topic)).content, "html.parser")
    link = page.find("a", string="Reprendre ma réponse")
    assert link["href"] == reply_url(topic) + "?brouillon=reprendre"

    fields["content"] = fields["content"].lstrip("\n")  # as a browser sends the textarea
    response = client.post(reply_url(topic), fields)
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, poster=counsellor, content=TEXT).exists()
    assert not Draft.objects.exists()
    assert "Reprendre ma réponse" not in client.get(topic_url(topic)).content.decode()
    # A save that arrives after the post (a request on its way) makes no draft again.
    client.post(SAVE, {"kind": "reply", "target": topic.pk, "content": TEXT})
    assert not Draft.objects.exists()


def test_the_save_address_keeps_what_is_typed_for_a_new_topic_too(client, rubric, counsellor):
    client.force_login(counsellor)
    response = client.post(
        SAVE, {"kind": "topic", "target": rubric.pk, "subject": "Cumul CPF", "content": "Bonjour"}
    )
    assert response.status_code == 200 and response.json()["saved"] is True
    assert response.json()["message"].startswith("Brouillon enregistré à")
    html = client.get(topic_create_url(rubric) + "?brouillon=reprendre").content.decode()
    fields = form_fields(html, "form.topic-form")
    assert (fields["subject"], fields["content"].lstrip("\n")) == ("Cumul CPF", "Bonjour")
    # Erased: no draft.
    client.post(SAVE, {"kind": "topic", "target": rubric.pk, "subject": "", "content": " "})
    assert not Draft.objects.exists()


def test_drafts_are_their_authors_only(client, topic, counsellor, pilot_rubric, make_topic):
    other = MemberFactory(username="julien")
    theirs = Draft.objects.create(user=other, topic=topic, content="Texte de Julien")
    client.force_login(counsellor)
    html = client.get(LIST).content.decode()
    assert "Texte de Julien" not in html and "Aucun brouillon" in text_of(html)
    assert "Vous avez commencé" not in client.get(topic_url(topic)).content.decode()
    assert (
        "Texte de Julien"
        not in client.get(reply_url(topic) + "?brouillon=reprendre").content.decode()
    )
    assert client.post(reverse("drafts:delete", args=[theirs.pk])).status_code == 404
    assert Draft.objects.filter(pk=theirs.pk).exists()

    # No draft where the member may not write: a pilot topic, a missing one, nonsense.
    secret = make_topic(MemberFactory(username="nadia", pilot=True), forum=pilot_rubric)
    for data in (
        {"kind": "reply", "target": secret.pk, "content": "x"},
        {"kind": "topic", "target": pilot_rubric.pk, "content": "x"},
        {"kind": "reply", "target": 999999, "content": "x"},
        {"kind": "autre", "target": topic.pk, "content": "x"},
        {"kind": "reply", "target": "abc", "content": "x"},
    ):
        assert client.post(SAVE, data).status_code == 404, data
    assert Draft.objects.filter(user=counsellor).count() == 0
    client.logout()
    assert client.get(LIST).status_code == 302
    assert (
        client.post(SAVE, {"kind": "reply", "target": topic.pk, "content": "x"}).status_code == 302
    )


def test_my_drafts_lists_them_and_a_hidden_topic_shows_as_unavailable(
    client, topic, counsellor, rubric, pilot_rubric
):
    client.force_login(counsellor)
    client.post(SAVE, {"kind": "reply", "target": topic.pk, "content": TEXT})
    client.post(
        SAVE, {"kind": "topic", "target": rubric.pk, "subject": "Cumul CPF", "content": "…"}
    )
    soup = BeautifulSoup(client.get(LIST).content, "html.parser")
    titles = [h2.get_text(" ", strip=True) for h2 in soup.select("main h2")]
    assert titles == [
        "Nouveau sujet «\u00a0Cumul CPF\u00a0» dans Accueil et posture",
        "Réponse à «\u00a0Rester neutre\u00a0»",
    ]
    resume = [a["href"] for a in soup.find_all("a", string="Reprendre")]
    assert resume == [
        topic_create_url(rubric) + "?brouillon=reprendre",
        reply_url(topic) + "?brouillon=reprendre",
    ]
    topic.forum = pilot_rubric
    topic.save()
    soup = BeautifulSoup(client.get(LIST).content, "html.parser")
    assert "Rester neutre" not in soup.get_text()
    assert "Sujet ou rubrique qui n’est plus disponible" in soup.get_text()
    draft = Draft.objects.get(topic=topic)
    client.post(reverse("drafts:delete", args=[draft.pk]))
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_my_drafts_cost_the_same_whatever_their_number(client, counsellor, make_topic, rubric):
    def add(start, number):
        for index in range(start, start + number):
            topic = make_topic(counsellor, subject=f"Sujet {index}")
            Draft.objects.create(user=counsellor, topic=topic, content=f"Réponse {index}")

    def count():
        client.get(LIST)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST)
        return len(queries), text_of(response.content.decode())

    client.force_login(counsellor)
    Draft.objects.create(user=counsellor, forum=rubric, subject="Nouveau", content="x")
    add(0, 1)
    small, _text = count()
    add(1, 8)
    large, text = count()
    assert "Réponse 8" in text
    assert small == large
