"""Rubric and topic pages for members from the text shared by their audience
(cms/performance/membercache.py): each reader's controls on each post, unread badges, counts of
their own topics and follows, follow button, read marks and the views counter are theirs; the rest
is rendered once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from cms.performance.membercache import HEADER
from community.accounts.roles import MODERATORS_GROUP
from community.forum_conversation.counters import VIEWS_BATCH
from community.forum_tracking.marks import is_new, stamp
from community.notifications.models import Follow
from tests.cms.performance.page_cache_support import page_caches_on
from tests.cms.performance.test_member_page_cache import page_of, signed_in, without_cache
from tests.community.helpers import reply_url, rubric_url, topic_url
from tests.conftest import form_fields, text_of

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")


@pytest.fixture(autouse=True)
def member_cache():
    with page_caches_on("comcep-test-member-topics"):
        yield


@pytest.fixture
def members(make_member):
    return {
        "julien": make_member("julien", "Julien L. (Apec)"),
        "sophie": make_member("sophie", "Sophie M. (France Travail)"),
        "karim": make_member("karim", "Karim B. (Cap emploi)"),
        "mod": make_member(
            "mod", "Marie D. (modération)", groups=("Conseillers", MODERATORS_GROUP)
        ),
    }


@pytest.fixture
def discussion(make_topic, members):
    """Julien's question, answered by Sophie then by Karim."""
    topic = make_topic(members["julien"], subject="Bilan de compétences à distance ?")
    Post.objects.create(topic=topic, poster=members["sophie"], content="Oui, en visio, ça marche.")
    Post.objects.create(topic=topic, poster=members["karim"], content="Chez nous aussi.")
    topic.refresh_from_db()
    return topic


def assert_each_reader_gets_the_page_they_would_without_the_cache(url, members):
    """Karim's visit keeps the counsellors' text; each counsellor then gets it with their parts."""
    assert signed_in(members["karim"]).get(url)[HEADER] == "miss"
    for name in ("julien", "sophie", "karim"):
        client = signed_in(members[name])
        served = client.get(url)
        assert served[HEADER] == "hit", name
        assert page_of(served) == without_cache(client, url), name


def test_each_reader_gets_their_own_controls_on_the_shared_topic(discussion, members):
    url = topic_url(discussion)
    assert_each_reader_gets_the_page_they_would_without_the_cache(url, members)

    julien = text_of(page_of(signed_in(members["julien"]).get(url)))
    sophie = text_of(page_of(signed_in(members["sophie"]).get(url)))
    # The author of the question chooses the validated answer; Sophie may not.
    assert julien.count("Marquer comme réponse validée") == 2
    assert "Marquer comme réponse validée" not in sophie
    # Each may edit their own post only, and report the others'.
    assert julien.count("Modifier") == sophie.count("Modifier") == 1
    assert sophie.count("Signaler") == 2
    assert "Suivre ce sujet" in sophie


def test_a_moderator_is_served_a_text_of_their_own(discussion, members):
    url = topic_url(discussion)
    signed_in(members["sophie"]).get(url)
    client = signed_in(members["mod"])
    response = client.get(url)
    assert response[HEADER] == "miss"  # not the counsellors' text
    text = text_of(page_of(response))
    assert "Modérer ce sujet" in text
    assert text.count("Supprimer — Bilan de compétences à distance ?") == 3
    assert client.get(url)[HEADER] == "hit"
    assert page_of(client.get(url)) == without_cache(client, url)
    assert "Modérer ce sujet" not in text_of(page_of(signed_in(members["sophie"]).get(url)))


def test_the_follow_button_is_the_readers(discussion, members):
    Follow.objects.create(user=members["sophie"], topic=discussion)
    url = topic_url(discussion)
    signed_in(members["karim"]).get(url)
    assert "Ne plus suivre ce sujet" in text_of(page_of(signed_in(members["sophie"]).get(url)))
    karim = text_of(page_of(signed_in(members["karim"]).get(url)))
    assert "Suivre ce sujet" in karim
    assert "Ne plus suivre ce sujet" not in karim


def test_a_visit_from_the_cache_counts_and_marks_the_topic_read(discussion, members, rubric):
    url = topic_url(discussion)
    views = Topic.objects.get(pk=discussion.pk).views_count
    assert signed_in(members["karim"]).get(url)[HEADER] == "miss"  # a visit rendered in full
    sophie = signed_in(members["sophie"])
    assert 'badge--new">non lu' in page_of(sophie.get(rubric_url(rubric)))

    assert sophie.get(url)[HEADER] == "hit"
    assert 'badge--new">non lu' not in page_of(sophie.get(rubric_url(rubric)))
    # Every visit counts, rendered or from the cache (the first of sophie, unread, through
    # machina's signal), and is written by batches: no UPDATE on each page view.
    for _ in range(VIEWS_BATCH - 3):
        assert sophie.get(url)[HEADER] == "hit"
    assert Topic.objects.get(pk=discussion.pk).views_count == views
    assert sophie.get(url)[HEADER] == "hit"
    assert Topic.objects.get(pk=discussion.pk).views_count == views + VIEWS_BATCH


@pytest.mark.parametrize("page", ["topic", "rubric"])
def test_a_forum_page_from_the_cache_costs_no_query(
    page, discussion, members, rubric, django_assert_num_queries
):
    url = topic_url(discussion) if page == "topic" else rubric_url(rubric)
    client = signed_in(members["sophie"])
    client.get(url)
    client.get(url)
    # Who reads, their permissions, read marks and follows are kept, and the page too; a topic's
    # views are written by batches.
    with django_assert_num_queries(0):
        assert client.get(url)[HEADER] == "hit"


def test_a_reply_shows_at_the_next_request(discussion, members):
    url = topic_url(discussion)
    sophie, julien = signed_in(members["sophie"]), signed_in(members["julien"])
    sophie.get(url)
    assert sophie.get(url)[HEADER] == "hit"
    data = form_fields(page_of(julien.get(reply_url(discussion))), "form[enctype]")
    data["content"] = "Merci à vous deux, je teste la visio la semaine prochaine."
    assert julien.post(reply_url(discussion), data).status_code == 302
    assert "je teste la visio la semaine prochaine" in text_of(page_of(sophie.get(url)))


def visio_poll(topic):
    """A poll "Visio ou présentiel ?" on ``topic``: the poll, its "Visio" option, its vote URL."""
    poll = TopicPoll.objects.create(topic=topic, question="Visio ou présentiel ?")
    visio = TopicPollOption.objects.create(poll=poll, text="Visio")
    TopicPollOption.objects.create(poll=poll, text="Présentiel")
    return poll, visio, reverse("forum_conversation:topic_poll_vote", kwargs={"pk": poll.pk})


def test_a_topic_with_a_poll_is_shared_and_each_reader_gets_their_own_poll(discussion, members):
    poll, visio, vote_url = visio_poll(discussion)
    url = topic_url(discussion)
    sophie, karim = signed_in(members["sophie"]), signed_in(members["karim"])
    assert sophie.post(vote_url, {"options": visio.pk}).status_code == 302
    assert "Votre vote a été enregistré." in text_of(page_of(sophie.get(url)))

    # From the text Sophie's visit kept, Sophie gets the results with her vote; Karim, who has
    # not voted, the form.
    for reader, expected, absent in (
        (sophie, ("Visio 100 %", "1 vote au total"), "Choisissez une réponse"),
        (karim, ("Choisissez une réponse",), "1 vote au total"),
    ):
        served = reader.get(url)
        assert served[HEADER] == "hit"
        page = text_of(page_of(served))
        assert all(text in page for text in expected)
        assert absent not in page
        assert page == text_of(without_cache(reader, url))


def test_a_poll_from_the_cache_costs_no_query_and_each_vote_shows_at_the_next_request(
    discussion, members, django_assert_num_queries
):
    poll, visio, vote_url = visio_poll(discussion)
    url = topic_url(discussion)
    sophie, karim = signed_in(members["sophie"]), signed_in(members["karim"])
    sophie.get(url)
    sophie.get(url)
    # The poll with its counts, and whether the reader voted, are kept under the topic's version.
    with django_assert_num_queries(0):
        assert sophie.get(url)[HEADER] == "hit"

    # Each vote bumps that version: the voter sees their vote, the others the new counts.
    assert karim.post(vote_url, {"options": visio.pk}).status_code == 302
    assert "1 vote au total" in text_of(page_of(karim.get(url)))
    assert "Choisissez une réponse" in text_of(page_of(sophie.get(url)))
    assert sophie.post(vote_url, {"options": visio.pk}).status_code == 302
    assert "Votre vote a été enregistré." in text_of(page_of(sophie.get(url)))
    for reader in (sophie, karim):
        page = text_of(page_of(reader.get(url)))
        assert "Visio 100 %" in page
        assert "2 votes au total" in page
        assert page == text_of(without_cache(reader, url))


def test_each_reader_gets_their_unread_badges_and_counts_on_the_shared_rubric(
    discussion, make_topic, members, rubric
):
    make_topic(members["sophie"], subject="Accueillir un public en situation de handicap")
    Follow.objects.create(user=members["julien"], topic=discussion)
    url = rubric_url(rubric)
    assert_each_reader_gets_the_page_they_would_without_the_cache(url, members)

    # Julien has read neither topic; each author's own topic counts for them.
    julien = text_of(page_of(signed_in(members["julien"]).get(url)))
    assert julien.count("non lu") == 2
    assert "Mes sujets (1)" in julien
    assert "Ce que je suis (1)" in julien
    signed_in(members["sophie"]).get(topic_url(discussion))
    sophie = text_of(page_of(signed_in(members["sophie"]).get(url)))
    assert sophie.count("non lu") == 1
    assert "Mes sujets (1)" in sophie
    assert "Ce que je suis (0)" in sophie
    assert "Suivre cette rubrique" in sophie


def test_a_readers_own_list_and_a_wrong_filter_are_rendered_for_them(discussion, members, rubric):
    url = rubric_url(rubric)
    signed_in(members["karim"]).get(url)
    julien = signed_in(members["julien"])
    mine = julien.get(f"{url}?parmi=mes-sujets")
    assert HEADER not in mine
    assert "Bilan de compétences à distance ?" in text_of(page_of(mine))
    assert "Bilan de compétences à distance ?" not in text_of(
        page_of(signed_in(members["karim"]).get(f"{url}?parmi=mes-sujets"))
    )
    for _ in range(2):
        wrong = julien.get(f"{url}?filtre=inconnu")
        assert "Une valeur de filtre n’a pas été reconnue" in text_of(page_of(wrong))
        assert wrong.get(HEADER) != "hit"


def test_read_marks_compare_with_last_posts_to_the_microsecond():
    moment = timezone.now()
    assert stamp(timezone.localtime(moment)) == stamp(moment)  # the page writes local times
    assert not is_new(moment, stamp(moment))
    assert is_new(moment + timedelta(microseconds=1), stamp(moment))
    assert is_new(moment, None)  # never read
