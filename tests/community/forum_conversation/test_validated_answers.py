"""Validated answers: who may choose one, how it shows, and what stops a topic being resolved."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from machina.core.db.models import get_model

from community.accounts.roles import MODERATORS_GROUP, PILOT_GROUP
from community.forum_conversation.signals import answer_validated
from tests.community.helpers import check_page, topic_url
from tests.conftest import text_of

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def validate_url(post):
    return reverse("community:validate_answer", kwargs={"post_pk": post.pk})


def remove_url(topic):
    return reverse("community:remove_validation", kwargs={"topic_pk": topic.pk})


@pytest.fixture
def question(make_member, make_topic):
    """sophie asks; julien and marc answer."""
    sophie = make_member()
    julien = make_member("julien", "Julien L. (Apec)")
    marc = make_member("marc", "Marc L. (France Travail)")
    topic = make_topic(sophie, subject="Financer une VAE", content="Qui finance la VAE ?")
    first = Post.objects.create(topic=topic, poster=julien, content="Le CPF, avec France VAE.")
    second = Post.objects.create(topic=topic, poster=marc, content="Parfois l’employeur.")
    topic.refresh_from_db()
    return {
        "topic": topic,
        "author": sophie,
        "julien": julien,
        "marc": marc,
        "replies": (first, second),
    }


@pytest.fixture
def signals_received():
    received = []

    def receiver(sender, **kwargs):
        received.append({"sender": sender, **kwargs})

    answer_validated.connect(receiver, dispatch_uid="test_validated_answers")
    yield received
    answer_validated.disconnect(dispatch_uid="test_validated_answers")


def buttons(html):
    return [
        b.get_text(" ", strip=True)
        for b in BeautifulSoup(html, "html.parser").select("main button")
    ]


def test_author_validates_a_reply_and_the_topic_shows_it_under_the_question(
    client, question, signals_received
):
    topic, (answer, _other) = question["topic"], question["replies"]
    client.force_login(question["author"])
    page = client.get(topic_url(topic)).content.decode()
    assert (
        buttons(page).count("Marquer comme réponse validée") == 2
    )  # one per reply, not the question

    response = client.post(validate_url(answer), follow=True)
    topic.refresh_from_db()
    assert topic.validated_post == answer and topic.is_resolved
    html = response.content.decode()
    assert "Cette réponse est désormais la réponse validée du sujet." in html
    check_page(html, topic_url(topic))
    soup = BeautifulSoup(html, "html.parser")
    box = soup.select_one("section.validated-answer")
    assert "Réponse validée" in box.get_text() and "Le CPF, avec France VAE." in box.get_text()
    assert box.find("a", href=f"?post={answer.pk}#{answer.pk}")
    # Right under the question: the first element after the opening post.
    assert box.find_previous_sibling("article").get("id") == str(topic.first_post_id)
    assert "Résolu" in soup.select_one(".topic-meta").get_text()
    assert "Réponse validée" in soup.find("article", id=str(answer.pk)).get_text()
    assert buttons(html).count("Retirer la validation") == 1
    assert buttons(html).count("Marquer comme réponse validée") == 1

    assert len(signals_received) == 1
    sent = signals_received[0]
    assert sent["sender"] is Topic
    assert (sent["topic"].pk, sent["post"], sent["user"]) == (topic.pk, answer, question["author"])


def test_the_validated_answer_can_be_changed_then_removed(client, question, signals_received):
    topic, (first, second) = question["topic"], question["replies"]
    client.force_login(question["author"])
    client.post(validate_url(first))
    client.post(validate_url(second))
    topic.refresh_from_db()
    assert topic.validated_post == second
    response = client.post(remove_url(topic), follow=True)
    topic.refresh_from_db()
    assert topic.validated_post is None
    assert (
        "La validation a été retirée\u00a0: le sujet n’est plus résolu."
        in response.content.decode()
    )
    # Sent for each validation, not for the removal.
    assert [s["post"] for s in signals_received] == [first, second]


def test_a_moderator_of_the_rubric_may_validate(client, question, moderator):
    client.force_login(moderator)
    assert "Marquer comme réponse validée" in buttons(
        client.get(topic_url(question["topic"])).content.decode()
    )
    response = client.post(validate_url(question["replies"][0]))
    assert response.status_code == 302
    question["topic"].refresh_from_db()
    assert question["topic"].validated_post == question["replies"][0]


def test_another_member_may_not_validate_nor_remove(client, question):
    topic, answer = question["topic"], question["replies"][0]
    client.force_login(question["marc"])
    assert "Marquer comme réponse validée" not in buttons(
        client.get(topic_url(topic)).content.decode()
    )
    response = client.post(validate_url(answer))
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()  # the French 403 page
    Topic.objects.filter(pk=topic.pk).update(validated_post=answer)
    assert client.post(remove_url(topic)).status_code == 403
    topic.refresh_from_db()
    assert topic.validated_post == answer


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_changes(client, question):
    topic, answer = question["topic"], question["replies"][0]
    for url in (validate_url(answer), remove_url(topic)):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    topic.refresh_from_db()
    assert topic.validated_post is None


def test_only_post_is_accepted(client, question):
    client.force_login(question["author"])
    assert client.get(validate_url(question["replies"][0])).status_code == 405
    question["topic"].refresh_from_db()
    assert question["topic"].validated_post is None


def test_csrf_is_required(question):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(question["author"])
    assert client.post(validate_url(question["replies"][0])).status_code == 403
    question["topic"].refresh_from_db()
    assert question["topic"].validated_post is None


def test_the_question_itself_a_hidden_or_a_pending_reply_cannot_be_validated(
    client, question, make_member
):
    topic = question["topic"]
    hidden = Post.objects.create(topic=topic, poster=question["marc"], content="x", is_hidden=True)
    pending = Post.objects.create(topic=topic, poster=question["marc"], content="y", approved=False)
    client.force_login(question["author"])
    response = client.post(validate_url(topic.first_post), follow=True)
    assert "Ce message ne peut pas être la réponse validée du sujet." in response.content.decode()
    # The author cannot read the hidden or pending replies of others: they do not exist for them.
    assert client.post(validate_url(hidden)).status_code == 404
    assert client.post(validate_url(pending)).status_code == 404
    topic.refresh_from_db()
    assert topic.validated_post is None


def test_a_moderator_of_another_rubric_may_not_validate_in_the_pilot_rubric(
    client, pilot_rubric, make_member, make_topic
):
    author = make_member("nadia", "Nadia R.", groups=("Conseillers", PILOT_GROUP))
    other = make_member("amina", "Amina D.", groups=("Conseillers", PILOT_GROUP))
    # A moderator of the public rubrics who is in the pilot group (reads, does not moderate it).
    public_moderator = make_member(
        "karim", "Karim B.", groups=("Conseillers", MODERATORS_GROUP, PILOT_GROUP)
    )
    topic = make_topic(author, subject="Retour pilote", forum=pilot_rubric)
    reply = Post.objects.create(topic=topic, poster=other, content="Réponse pilote")
    client.force_login(public_moderator)
    assert client.get(topic_url(topic)).status_code == 200
    assert client.post(validate_url(reply)).status_code == 403
    topic.refresh_from_db()
    assert topic.validated_post is None
    # The pilot topic's author may.
    client.force_login(author)
    assert client.post(validate_url(reply)).status_code == 302
    topic.refresh_from_db()
    assert topic.validated_post == reply


def test_a_pilot_topic_is_out_of_reach_for_a_non_pilot_even_a_moderator(
    client, pilot_rubric, make_member, make_topic, moderator
):
    author = make_member("nadia", "Nadia R.", groups=("Conseillers", PILOT_GROUP))
    other = make_member("amina", "Amina D.", groups=("Conseillers", PILOT_GROUP))
    topic = make_topic(author, subject="Retour pilote", forum=pilot_rubric)
    reply = Post.objects.create(topic=topic, poster=other, content="Réponse pilote")
    Topic.objects.filter(pk=topic.pk).update(validated_post=reply)
    for member in (moderator, make_member("julien", "Julien L.")):
        client.force_login(member)
        assert client.post(validate_url(reply)).status_code == 404
        assert client.post(remove_url(topic)).status_code == 404
    topic.refresh_from_db()
    assert topic.validated_post == reply


def test_hiding_or_unapproving_the_validated_reply_unresolves_the_topic(client, question):
    topic, (answer, other) = question["topic"], question["replies"]
    client.force_login(question["author"])
    client.post(validate_url(answer))
    answer.is_hidden = True
    answer.save(update_fields=["is_hidden"])  # as community/moderation/services.hide_post does
    topic.refresh_from_db()
    assert topic.validated_post is None and not topic.is_resolved

    client.post(validate_url(other))
    other.approved = False
    other.save()
    topic.refresh_from_db()
    assert topic.validated_post is None


def test_deleting_the_validated_reply_unresolves_the_topic(client, question):
    topic, answer = question["topic"], question["replies"][0]
    client.force_login(question["author"])
    client.post(validate_url(answer))
    Post.objects.get(pk=answer.pk).delete()
    topic.refresh_from_db()
    assert topic.validated_post is None


def test_resolved_badge_in_the_lists(client, question, make_topic, portal):
    topic, answer = question["topic"], question["replies"][0]
    open_topic = make_topic(question["julien"], subject="Question encore ouverte")
    Topic.objects.filter(pk=topic.pk).update(validated_post=answer)
    pages = [
        reverse("forum:forum", kwargs={"slug": topic.forum.slug, "pk": topic.forum_id}),
        reverse("community:topic_list"),
        "/",
        reverse("forum_member:profile", kwargs={"pk": question["julien"].pk}),
        reverse("forum_member:user_posts", kwargs={"pk": question["julien"].pk}),
    ]
    for url in pages:
        soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        resolved = [
            badge.find_parent(["li", "article"]).get_text(" ", strip=True)
            for badge in soup.select(".badge--resolved, .badge--validated")
        ]
        assert any("Financer une VAE" in text for text in resolved), url
        assert not any("Question encore ouverte" in text for text in resolved), url
    # The member's own validated answer is said so on their pages.
    profile = client.get(pages[3]).content.decode()
    assert "Réponse validée" in profile
    assert open_topic.subject in client.get(pages[1]).content.decode()


def test_profile_counts_validated_answers(client, question, make_topic):
    julien = question["julien"]
    topic, answer = question["topic"], question["replies"][0]
    Topic.objects.filter(pk=topic.pk).update(validated_post=answer)
    make_topic(
        question["marc"],
        subject="Autre question",
        with_validated_answer="Autre réponse",
        with_validated_answer__poster=julien,
    )
    html = text_of(client.get(reverse("forum_member:profile", kwargs={"pk": julien.pk})).content)
    assert "Réponses validées 2" in html
    html = text_of(
        client.get(reverse("forum_member:profile", kwargs={"pk": question["marc"].pk})).content
    )
    assert "Réponses validées 0" in html


def test_no_one_validates_their_own_reply(client, question, moderator):
    """The topic's author cannot make their own "Merci" the answer, nor a moderator their reply."""
    topic, author = question["topic"], question["author"]
    thanks = Post.objects.create(topic=topic, poster=author, content="Merci à vous deux !")
    own = Post.objects.create(topic=topic, poster=moderator, content="Voyez aussi le PTP.")

    client.force_login(author)
    html = client.get(topic_url(topic)).content.decode()
    assert buttons(html).count("Marquer comme réponse validée") == 3  # julien, marc, moderator
    thanks_box = BeautifulSoup(html, "html.parser").find("article", id=str(thanks.pk))
    assert "Marquer comme réponse validée" not in thanks_box.get_text()
    response = client.post(validate_url(thanks), follow=True)
    assert "Ce message ne peut pas être la réponse validée du sujet." in text_of(
        response.content.decode()
    )
    topic.refresh_from_db()
    assert topic.validated_post is None

    client.force_login(moderator)
    html = client.get(topic_url(topic)).content.decode()
    own_box = BeautifulSoup(html, "html.parser").find("article", id=str(own.pk))
    assert "Marquer comme réponse validée" not in own_box.get_text()
    client.post(validate_url(own))
    topic.refresh_from_db()
    assert topic.validated_post is None
    # The moderator still validates someone else's reply.
    client.post(validate_url(question["replies"][0]))
    topic.refresh_from_db()
    assert topic.validated_post == question["replies"][0]
