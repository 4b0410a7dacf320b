"""A new topic or reply is created once per form sent (issue 24, "exactly once").

A reply that got an error page while the database restarted had been stored; sending the form
again made a duplicate. Each new topic or reply form now carries a one-time token, stored with the
post (a unique constraint per author): the same form sent again leads to the post it created.
Everything goes through the real form views, templates and database.
"""

import threading
import uuid
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, connections, transaction
from django.db.models.signals import post_save, pre_init
from django.test import Client, override_settings
from machina.core.db.models import get_model

from tests.cms.performance.page_cache_support import page_cache_settings
from tests.cms.performance.test_member_page_cache import signed_in
from tests.community.helpers import post_update_url, reply_url, topic_create_url, topic_url
from tests.conftest import form_fields, text_of

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicPoll = get_model("forum_polls", "TopicPoll")

FORM = "main form[enctype]"
TOKEN = "submission_token"
ALREADY_SENT = "Ce message avait déjà été envoyé"


def reply_form(client, topic, content):
    data = form_fields(client.get(reply_url(topic)).content.decode(), FORM)
    data["content"] = content
    return data


def topic_form(client, rubric, subject, content):
    data = form_fields(client.get(topic_create_url(rubric)).content.decode(), FORM)
    data.update(subject=subject, content=content)
    return data


@pytest.fixture
def question(make_member, make_topic):
    """Julien's question, which Sophie (``counsellor``) answers."""
    return make_topic(make_member("julien", "Julien L. (Apec)"), subject="Bilan à distance ?")


def test_a_retried_reply_with_the_same_token_makes_one_post_and_lands_on_it(
    client, counsellor, question
):
    client.force_login(counsellor)
    data = reply_form(client, question, "Oui, en visio, ça marche très bien.")
    assert uuid.UUID(data[TOKEN])

    first = client.post(reply_url(question), data)
    assert first.status_code == 302
    reply = Post.objects.get(topic=question, poster=counsellor)
    assert str(reply.submission_token) == data[TOKEN]
    assert first["Location"] == f"{topic_url(question)}?post={reply.pk}#{reply.pk}"

    # The member did not see the answer (an error page) and sends the same form again.
    retry = client.post(reply_url(question), data, follow=True)
    assert retry.redirect_chain == [(first["Location"], 302)]
    assert Post.objects.filter(topic=question, poster=counsellor).count() == 1
    question.refresh_from_db()
    assert question.posts_count == 2  # the question and one reply
    page = text_of(retry.content.decode())
    assert ALREADY_SENT in page
    assert page.count("Oui, en visio, ça marche très bien.") == 1


def test_a_retried_new_topic_with_the_same_token_makes_one_topic_and_one_post(
    client, counsellor, rubric, themes
):
    client.force_login(counsellor)
    data = topic_form(client, rubric, "Financer un bilan ?", "Quels financements connaissez-vous ?")
    data["themes"] = [themes[1].pk]
    data.update({"poll_question": "Le CPF suffit-il ?", "poll_max_options": "1"})
    data.update({"poll-0-text": "Oui", "poll-1-text": "Non"})

    first = client.post(topic_create_url(rubric), data)
    assert first.status_code == 302
    retry = client.post(topic_create_url(rubric), data, follow=True)
    assert retry.redirect_chain == [(first["Location"], 302)]
    assert ALREADY_SENT in text_of(retry.content.decode())

    assert Topic.objects.filter(subject="Financer un bilan ?").count() == 1
    topic = Topic.objects.get(subject="Financer un bilan ?")
    assert first["Location"] == topic_url(topic)
    assert Post.objects.filter(topic__forum=rubric).count() == 1
    assert topic.posts_count == 1
    assert list(topic.themes.all()) == [themes[1]]
    assert TopicPoll.objects.filter(topic=topic).count() == 1
    assert topic.poll.options.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_reply_stored_before_an_error_page_is_not_doubled_by_the_retry(
    portal, counsellor, question
):
    """The case found: the reply was committed, then the request failed (here, work run after the
    commit raises, as when the database or Redis restarts) and the member saw an error page."""
    client = Client(raise_request_exception=False)
    client.force_login(counsellor)
    data = reply_form(client, question, "Envoyée pendant le redémarrage.")

    def fail_after_commit(sender, instance, created, **kwargs):
        def restart():
            raise ConnectionError("the server restarted")

        transaction.on_commit(restart)

    post_save.connect(fail_after_commit, sender=Post, weak=False)
    try:
        assert client.post(reply_url(question), data).status_code == 500
    finally:
        post_save.disconnect(fail_after_commit, sender=Post)
    reply = Post.objects.get(topic=question, poster=counsellor)

    retry = client.post(reply_url(question), data)
    assert retry.status_code == 302
    assert retry["Location"] == f"{topic_url(question)}?post={reply.pk}#{reply.pk}"
    assert Post.objects.filter(topic=question, poster=counsellor).count() == 1


def test_two_forms_have_two_tokens_and_make_two_posts(client, counsellor, question):
    client.force_login(counsellor)
    first = reply_form(client, question, "Une première réponse.")
    second = reply_form(client, question, "Une seconde réponse, plus tard.")
    assert first[TOKEN] != second[TOKEN]

    assert client.post(reply_url(question), first).status_code == 302
    assert client.post(reply_url(question), second).status_code == 302
    assert Post.objects.filter(topic=question, poster=counsellor).count() == 2


def test_a_form_sent_back_with_an_error_keeps_its_token_and_the_text_typed(
    client, counsellor, rubric
):
    client.force_login(counsellor)
    typed = "Un texte important que je ne veux pas retaper."
    data = topic_form(client, rubric, "", typed)  # no subject: sent back

    response = client.post(topic_create_url(rubric), data)
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    again = form_fields(response.content.decode(), FORM)
    assert again[TOKEN] == data[TOKEN]
    assert again["content"].strip() == typed
    assert not Topic.objects.filter(forum=rubric).exists()

    again["subject"] = "Un sujet, cette fois"
    assert client.post(topic_create_url(rubric), again).status_code == 302
    assert client.post(topic_create_url(rubric), again).status_code == 302
    assert Topic.objects.filter(forum=rubric).count() == 1
    assert str(Post.objects.get(topic__forum=rubric).submission_token) == data[TOKEN]


def test_a_reply_too_long_then_previewed_keeps_its_token_and_is_posted_once(
    client, counsellor, question
):
    client.force_login(counsellor)
    data = reply_form(client, question, "x" * 30)
    with override_settings(COMCEP_POST_MAX_LENGTH=20):
        refused = client.post(reply_url(question), data)
    assert refused.status_code == 200
    assert "Votre message est trop long" in text_of(refused.content.decode())
    kept = form_fields(refused.content.decode(), FORM)
    assert (kept[TOKEN], kept["content"].strip()) == (data[TOKEN], "x" * 30)

    kept["content"] = "Plus court."
    preview = client.post(reply_url(question), {**kept, "preview": "1"})
    assert preview.status_code == 200
    assert form_fields(preview.content.decode(), FORM)[TOKEN] == data[TOKEN]
    for _attempt in range(2):
        assert client.post(reply_url(question), kept).status_code == 302
    assert Post.objects.filter(topic=question, poster=counsellor).count() == 1


def test_the_same_form_sent_again_with_another_text_comes_back_with_a_new_token(
    client, counsellor, question
):
    """The member went back and changed the text: nothing typed is lost and nothing is doubled;
    the form comes back with a new token, and sending it again posts the new text."""
    client.force_login(counsellor)
    data = reply_form(client, question, "Première version.")
    assert client.post(reply_url(question), data).status_code == 302

    data["content"] = "Seconde version, complétée."
    response = client.post(reply_url(question), data)
    assert response.status_code == 200
    assert "Ce formulaire avait déjà été envoyé avec un autre texte" in text_of(
        response.content.decode()
    )
    kept = form_fields(response.content.decode(), FORM)
    assert kept["content"].strip() == "Seconde version, complétée."
    assert kept[TOKEN] != data[TOKEN]
    assert Post.objects.filter(topic=question, poster=counsellor).count() == 1

    assert client.post(reply_url(question), kept).status_code == 302
    assert client.post(reply_url(question), kept).status_code == 302
    assert sorted(
        Post.objects.filter(topic=question, poster=counsellor).values_list("content", flat=True)
    ) == ["Première version.", "Seconde version, complétée."]


def test_a_form_without_a_valid_token_still_posts_and_gets_one_when_sent_back(
    client, counsellor, question
):
    """A page rendered before tokens existed (or an altered value) loses nothing."""
    client.force_login(counsellor)
    data = reply_form(client, question, "")
    data[TOKEN] = "pas-un-uuid"
    refused = client.post(reply_url(question), data)
    assert refused.status_code == 200
    token = form_fields(refused.content.decode(), FORM)[TOKEN]
    assert uuid.UUID(token)

    del data[TOKEN]
    data["content"] = "Envoyé depuis une page ancienne."
    assert client.post(reply_url(question), data).status_code == 302
    reply = Post.objects.get(topic=question, poster=counsellor)
    assert reply.submission_token is not None


def test_the_same_token_from_another_member_is_their_own_post(
    client, counsellor, make_member, question
):
    """The token is unique per author: another member's retry never lands on someone's post."""
    client.force_login(counsellor)
    data = reply_form(client, question, "Réponse de Sophie.")
    assert client.post(reply_url(question), data).status_code == 302

    karim = make_member("karim", "Karim B. (Cap emploi)")
    client.force_login(karim)
    data["content"] = "Réponse de Karim."
    assert client.post(reply_url(question), data).status_code == 302
    assert sorted(question.posts.values_list("content", flat=True)) == [
        "Comment faites-vous ?",
        "Réponse de Karim.",
        "Réponse de Sophie.",
    ]


def test_an_edit_has_no_token_and_can_be_saved_twice(client, counsellor, question):
    client.force_login(counsellor)
    data = reply_form(client, question, "Premier jet.")
    assert client.post(reply_url(question), data).status_code == 302
    reply = Post.objects.get(topic=question, poster=counsellor)

    data = form_fields(client.get(post_update_url(reply)).content.decode(), FORM)
    assert TOKEN not in data
    data["content"] = "Version corrigée."
    for _attempt in range(2):
        assert client.post(post_update_url(reply), data).status_code == 302
    reply.refresh_from_db()
    assert (reply.content.raw, reply.updates_count) == ("Version corrigée.", 2)
    assert Post.objects.filter(topic=question).count() == 2


def test_the_database_refuses_a_second_post_of_the_same_author_with_the_same_token(
    counsellor, make_member, question
):
    token = uuid.uuid4()
    Post.objects.create(topic=question, poster=counsellor, content="Un.", submission_token=token)
    karim = make_member("karim", "Karim B.")
    Post.objects.create(topic=question, poster=karim, content="Deux.", submission_token=token)
    Post.objects.create(topic=question, poster=counsellor, content="Sans jeton.")
    Post.objects.create(topic=question, poster=counsellor, content="Sans jeton.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.create(
            topic=question, poster=counsellor, content="Un.", submission_token=token
        )
    assert Post.objects.filter(submission_token=token).count() == 2


@contextmanager
def competing_sending(model, field, value, send):
    """Runs ``send()`` once, when the view builds the first ``model`` whose ``field`` is
    ``value`` -- after it has looked for an earlier post, before it writes anything: the same
    form, sent by another request at that moment. Yields whether it ran."""
    state = {"done": False}

    def receiver(sender, args, kwargs, **extra):
        # Rows read from the database are built from positional values: only new ones match.
        if not state["done"] and kwargs.get(field) == value:
            state["done"] = True
            send()

    pre_init.connect(receiver, sender=model, weak=False)
    try:
        yield state
    finally:
        pre_init.disconnect(receiver, sender=model)


def in_another_connection(create):
    """``create()`` committed by another database connection, as another server process would."""
    errors = []

    def run():
        try:
            with transaction.atomic():
                create()
        except Exception as error:  # reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["reply", "topic"])
def test_the_same_form_sent_twice_at_once_makes_one_post(
    kind, portal, rubric, counsellor, question
):
    """The second request finds nothing before saving; the database refuses its post and it
    leads to the post of the first request (committed by another connection): one topic, one post.
    """
    client = signed_in(counsellor)
    if kind == "reply":
        url = reply_url(question)
        data = reply_form(client, question, "Envoyée deux fois en même temps.")
        built_first = (Post, "content", data["content"])
    else:
        url = topic_create_url(rubric)
        data = topic_form(client, rubric, "Sujet doublé ?", "Envoyé deux fois en même temps.")
        built_first = (Topic, "subject", "Sujet doublé ?")  # a topic comes before its post
    token = uuid.UUID(data[TOKEN])

    def first_request():
        topic = question
        if kind == "topic":
            topic = Topic.objects.create(
                forum=rubric,
                poster=counsellor,
                subject="Sujet doublé ?",
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
            )
        Post.objects.create(
            topic=topic,
            poster=counsellor,
            subject=data["subject"],
            content=data["content"],
            submission_token=token,
        )

    with competing_sending(*built_first, lambda: in_another_connection(first_request)) as state:
        response = client.post(url, data, follow=True)
    assert state["done"]
    assert ALREADY_SENT in text_of(response.content.decode())
    earlier = Post.objects.get(submission_token=token)
    assert response.redirect_chain[-1][0].endswith(
        f"?post={earlier.pk}#{earlier.pk}" if kind == "reply" else topic_url(earlier.topic)
    )
    assert Post.objects.filter(poster=counsellor, content=data["content"]).count() == 1
    if kind == "topic":
        assert Topic.objects.filter(subject="Sujet doublé ?").count() == 1


def test_a_sending_refused_for_a_post_not_readable_yet_keeps_the_text_and_says_so(
    client, counsellor, question
):
    """The database refuses the token for a post this request cannot read yet (its sending has
    not finished): the form comes back with the text and a French message, nothing is created,
    and sending it again later posts it once."""
    client.force_login(counsellor)
    data = reply_form(client, question, "Un message précieux.")
    token = uuid.UUID(data[TOKEN])

    def unfinished_sending():
        # Saved in this request's transaction, so undone with it: never readable afterwards.
        Post.objects.create(topic=question, poster=counsellor, content="…", submission_token=token)

    with competing_sending(Post, "content", data["content"], unfinished_sending) as state:
        response = client.post(reply_url(question), data)
    assert state["done"]
    assert response.status_code == 200
    assert "Ce formulaire est déjà en cours d’envoi" in text_of(response.content.decode())
    kept = form_fields(response.content.decode(), FORM)
    assert (kept[TOKEN], kept["content"].strip()) == (data[TOKEN], "Un message précieux.")
    assert not Post.objects.filter(topic=question, poster=counsellor).exists()

    assert client.post(reply_url(question), kept).status_code == 302
    assert client.post(reply_url(question), kept).status_code == 302
    assert Post.objects.filter(topic=question, poster=counsellor).count() == 1


def test_each_reader_gets_their_own_token_and_shared_pages_hold_none(
    counsellor, make_member, question, rubric
):
    """With the production page caches on: the form pages are rendered for each reader (they hold
    a CSRF token, which the caches never share), and the shared topic page has no form token."""
    karim = make_member("karim", "Karim B. (Cap emploi)")
    with page_cache_settings("comcep-test-posting-once"):
        tokens = []
        for member in (counsellor, counsellor, karim):
            client = signed_in(member)
            for url in (reply_url(question), topic_create_url(rubric)):
                html = client.get(url).content.decode()
                tokens.append(form_fields(html, FORM)[TOKEN])
            for _visit in range(2):  # the second visit is served from the members' cache
                topic_page = client.get(topic_url(question)).content.decode()
                assert TOKEN not in topic_page
    assert len(set(tokens)) == len(tokens) == 6
