"""A validated answer, with the production page caches on: the next reader sees it.

Both caches are real (local memory, as production keeps them in Redis): the anonymous page cache
and the members' cache. Each reader reads the pages once before the change, so that the change has
cached pages to make obsolete; the change goes through the URL the author uses.
"""

import pytest
from django.test import Client
from django.urls import reverse
from machina.core.db.models import get_model

from tests.cms.performance.page_cache_support import page_caches_on
from tests.community.helpers import rubric_url, topic_url
from tests.conftest import text_of

Post = get_model("forum_conversation", "Post")

# The "Résolu" badge of a topic (the filter tab "Résolus" is on every list).
RESOLVED = "badge--resolved"


@pytest.fixture(autouse=True)
def caches_on():
    with page_caches_on("comcep-test-answers"):
        yield


@pytest.fixture
def question(make_member, make_topic):
    sophie = make_member()
    julien = make_member("julien", "Julien L. (Apec)")
    topic = make_topic(sophie, subject="Financer une VAE", content="Qui finance la VAE ?")
    answer = Post.objects.create(topic=topic, poster=julien, content="Le CPF, avec France VAE.")
    topic.refresh_from_db()
    return {"topic": topic, "author": sophie, "reader": julien, "answer": answer}


def pages(topic):
    return {
        "home": "/",
        "topic": topic_url(topic),
        "rubric": rubric_url(topic.forum),
        "resolved list": reverse("community:topic_list") + "?filtre=resolus",
    }


def shows_resolved(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return RESOLVED in response.content.decode()


def readers(question):
    member = Client()
    member.force_login(question["reader"])
    return {"anonymous": Client(), "member who read before": member}


def test_validating_and_removing_an_answer_shows_at_the_next_request_of_every_reader(question):
    topic = question["topic"]
    author = Client()
    author.force_login(question["author"])
    clients = readers(question)
    for client in clients.values():
        for url in pages(topic).values():
            assert not shows_resolved(client, url)
            assert not shows_resolved(client, url)  # the second reading comes from a cache

    response = author.post(
        reverse("community:validate_answer", kwargs={"post_pk": question["answer"].pk})
    )
    assert response.status_code == 302

    for who, client in clients.items():
        for name, url in pages(topic).items():
            assert shows_resolved(client, url), f"{who}: {name} still shows the topic unresolved"

    response = author.post(reverse("community:remove_validation", kwargs={"topic_pk": topic.pk}))
    assert response.status_code == 302

    for who, client in clients.items():
        for name, url in pages(topic).items():
            if name == "resolved list":
                assert topic.subject not in text_of(client.get(url).content.decode())
            else:
                assert not shows_resolved(client, url), f"{who}: {name} still shows it resolved"
