"""Forum pages cost the same number of queries whatever the amount of data."""

from django.urls import reverse
from machina.core.db.models import get_model

from tests.community.helpers import rubric_url, topic_url
from tests.conftest import page_queries

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def add_topics(make_topic, members, themes, number, start=0):
    for index in range(start, start + number):
        topic = make_topic(members[index % len(members)], subject=f"Sujet {index}")
        topic.themes.set(themes[: 1 + index % len(themes)])
        Post.objects.create(
            topic=topic, poster=members[(index + 1) % len(members)], content="Réponse"
        )


def test_forum_index_and_filtered_rubric_do_not_grow_with_data(
    client, rubric, make_member, make_topic, themes
):
    members = [make_member(f"membre{i}", f"Membre {i}") for i in range(4)]
    client.force_login(members[0])
    add_topics(make_topic, members, themes, 3)
    filtered = rubric_url(rubric) + f"?theme={themes[0].slug}"
    small_index, _ = page_queries(client, "/forum/")
    small_rubric, response = page_queries(client, filtered)
    assert "Sujet 2" in response.content.decode()

    add_topics(make_topic, members, themes, 17, start=3)
    large_index, _ = page_queries(client, "/forum/")
    large_rubric, response = page_queries(client, filtered)
    assert "Sujet 19" in response.content.decode()

    assert small_index == large_index
    assert small_rubric == large_rubric


def test_topic_page_with_fifty_posts_costs_the_same_as_with_ten(
    client, rubric, make_member, make_topic, settings
):
    members = [make_member(f"membre{i}", f"Membre {i}") for i in range(5)]
    client.force_login(members[0])
    topic = make_topic(members[0], subject="Long sujet")
    for index in range(9):
        Post.objects.create(topic=topic, poster=members[index % 5], content=f"Message {index}")
    small, _ = page_queries(client, topic_url(topic))
    for index in range(9, 49):
        Post.objects.create(topic=topic, poster=members[index % 5], content=f"Message {index}")
    topic.refresh_from_db()
    assert topic.posts_count == 50
    large, response = page_queries(client, topic_url(topic))
    assert small == large


def test_theme_page_and_topic_list_do_not_grow_with_data(
    client, rubric, make_member, make_topic, themes
):
    members = [make_member(f"membre{i}", f"Membre {i}") for i in range(4)]
    add_topics(make_topic, members, themes, 3)
    theme_url = reverse("community:theme", kwargs={"slug": themes[0].slug})
    list_url = reverse("community:topic_list") + f"?theme={themes[0].slug}&rubrique={rubric.pk}"
    small_theme, _ = page_queries(client, theme_url)
    small_list, _ = page_queries(client, list_url)
    add_topics(make_topic, members, themes, 15, start=3)
    large_theme, response = page_queries(client, theme_url)
    large_list, _ = page_queries(client, list_url)
    assert "Sujet 17" in response.content.decode()
    assert small_theme == large_theme
    assert small_list == large_list


def test_invalid_filter_value_is_ignored_with_a_message(client, rubric, make_member, make_topic):
    make_topic(make_member(), subject="Un sujet")
    response = client.get(rubric_url(rubric) + "?theme=inconnue")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Une valeur de filtre n’a pas été reconnue" in html
    assert "Un sujet" in html


def test_a_topic_page_view_writes_nothing_its_views_count_by_batches(
    client, make_member, make_topic
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community.forum_conversation.counters import VIEWS_BATCH

    topic = make_topic(make_member(), subject="Un sujet lu souvent")
    url = topic_url(topic)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(VIEWS_BATCH - 1):
            assert client.get(url).status_code == 200
    assert not [q["sql"] for q in queries if not q["sql"].startswith("SELECT")]
    assert Topic.objects.get(pk=topic.pk).views_count == 0
    client.get(url)
    assert Topic.objects.get(pk=topic.pk).views_count == VIEWS_BATCH


def test_a_resolved_topic_reads_its_answer_with_the_page_posts_when_it_is_among_them(
    client, rubric, make_member, make_topic
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community.forum_conversation.answers import validate_answer

    author, other = make_member("auteur", "Auteur"), make_member("membre", "Membre")
    topic = make_topic(author, subject="Financer une VAE")
    answer = Post.objects.create(topic=topic, poster=other, content="Le CPF, avec France VAE.")
    validate_answer(topic, answer, author)
    client.force_login(author)
    client.get(topic_url(topic))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(topic_url(topic))
    html = response.content.decode()
    assert 'id="validated-answer-title"' in html
    assert html.count("Le CPF, avec France VAE.") == 2  # in the discussion and the answer's box
    post_reads = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "forum_conversation_post"."id"')
    ]
    assert len(post_reads) == 1
