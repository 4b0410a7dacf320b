"""Lists that bring questions to the right people: states, scopes, counts, combined filters."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from community.notifications.models import Follow
from tests.community.helpers import check_page, rubric_url
from tests.conftest import page_queries
from tests.factories import RubricFactory

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

LIST = reverse("community:topic_list")


def subjects(response):
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return {a.get_text(strip=True) for a in soup.select(".topic-card__title a")}


def view_counts(response):
    """{label: count} of the state and scope links."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    counts = {}
    for link in soup.select("nav.topic-views-nav a"):
        label, _sep, count = link.get_text(strip=True).rpartition(" (")
        counts[label] = int(count.rstrip(")"))
    return counts


@pytest.fixture
def forum_world(make_member, make_topic, rubric, themes):
    """sophie's questions in two rubrics, answered or not in every way that matters."""
    sophie, julien = make_member(), make_member("julien", "Julien L.")
    other_rubric = RubricFactory(name="Financer la formation")
    formation = themes[0]

    def ask(subject, poster=sophie, forum=None, theme=None):
        topic = make_topic(poster, subject=subject, forum=forum)
        if theme:
            topic.themes.add(theme)
        return topic

    topics = {
        "alone": ask("Personne n’a répondu", theme=formation),
        "self": ask("Seulement l’auteur a répondu"),
        "hidden": ask("Réponse masquée seulement", theme=formation),
        "pending": ask("Réponse en attente seulement"),
        "answered": ask("Julien a répondu", theme=formation),
        "resolved": ask("Question résolue", forum=other_rubric, theme=formation),
        "julien": ask("Sujet de Julien", poster=julien, forum=other_rubric),
    }
    Post.objects.create(topic=topics["self"], poster=sophie, content="Je précise ma question.")
    Post.objects.create(topic=topics["hidden"], poster=julien, content="x", is_hidden=True)
    Post.objects.create(topic=topics["pending"], poster=julien, content="y", approved=False)
    Post.objects.create(topic=topics["answered"], poster=julien, content="Voici.")
    answer = Post.objects.create(topic=topics["resolved"], poster=julien, content="La réponse.")
    Topic.objects.filter(pk=topics["resolved"].pk).update(validated_post=answer)
    Topic.objects.filter(pk=topics["julien"].pk).update(created=timezone.now() - timedelta(days=30))
    return {
        "sophie": sophie,
        "julien": julien,
        "topics": topics,
        "rubric": rubric,
        "other_rubric": other_rubric,
        "formation": formation,
    }


def test_unanswered_means_no_visible_reply_from_anyone_but_the_author(client, forum_world):
    response = client.get(LIST + "?filtre=sans-reponse")
    assert subjects(response) == {
        "Personne n’a répondu",
        "Seulement l’auteur a répondu",
        "Réponse masquée seulement",
        "Réponse en attente seulement",
        "Sujet de Julien",
    }
    check_page(response.content.decode(), LIST)


def test_resolved_unresolved_and_recent(client, forum_world):
    assert subjects(client.get(LIST + "?filtre=resolus")) == {"Question résolue"}
    unresolved = subjects(client.get(LIST + "?filtre=non-resolus"))
    assert "Question résolue" not in unresolved and "Julien a répondu" in unresolved
    assert len(unresolved) == 6
    recent = subjects(client.get(LIST + "?filtre=recents"))
    assert "Sujet de Julien" not in recent and len(recent) == 6


def test_my_topics_and_what_i_follow(client, forum_world):
    julien, topics = forum_world["julien"], forum_world["topics"]
    client.force_login(julien)
    assert subjects(client.get(LIST + "?parmi=mes-sujets")) == {"Sujet de Julien"}
    assert subjects(client.get(LIST + "?parmi=suivis")) == set()
    Follow.objects.create(user=julien, forum=forum_world["rubric"])
    Follow.objects.create(user=julien, theme=forum_world["formation"])
    Follow.objects.create(user=julien, topic=topics["julien"])
    followed = subjects(client.get(LIST + "?parmi=suivis"))
    # The rubric's five topics, the themed one of the other rubric, and the followed topic.
    assert followed == {t.subject for t in topics.values()}
    Follow.objects.filter(user=julien, forum__isnull=False).delete()
    assert subjects(client.get(LIST + "?parmi=suivis")) == {
        "Personne n’a répondu",
        "Réponse masquée seulement",
        "Julien a répondu",
        "Question résolue",
        "Sujet de Julien",
    }


def test_anonymous_visitors_have_no_personal_scopes(client, forum_world):
    response = client.get(LIST + "?parmi=mes-sujets")
    assert len(subjects(response)) == 7
    assert "Mes sujets" not in view_counts(response)


def test_filters_combine_with_rubric_and_theme_and_urls_are_shareable(client, forum_world):
    w = forum_world
    url = LIST + f"?filtre=sans-reponse&theme={w['formation'].slug}&rubrique={w['rubric'].pk}"
    assert subjects(client.get(url)) == {"Personne n’a répondu", "Réponse masquée seulement"}
    url = LIST + f"?filtre=resolus&rubrique={w['rubric'].pk}"
    assert subjects(client.get(url)) == set()
    client.force_login(w["sophie"])
    url = LIST + f"?filtre=sans-reponse&parmi=mes-sujets&theme={w['formation'].slug}"
    response = client.get(url)
    assert subjects(response) == {"Personne n’a répondu", "Réponse masquée seulement"}
    # Every link of the state menu keeps the other filters (and drops the page number).
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    resolved_link = next(
        a for a in soup.select("nav.topic-views-nav a") if a.get_text().startswith("Résolus")
    )
    assert resolved_link["href"] == f"?parmi=mes-sujets&theme={w['formation'].slug}&filtre=resolus"
    current = soup.select("nav.topic-views-nav a[aria-current]")
    assert [a.get_text(strip=True) for a in current] == ["Sans réponse (2)", "Mes sujets (2)"]


def test_counts_per_filter(client, forum_world):
    counts = view_counts(client.get(LIST))
    assert counts == {
        "Tous les sujets": 7,
        "Sans réponse": 5,
        "Non résolus": 6,
        "Résolus": 1,
        "Récents": 6,
    }
    client.force_login(forum_world["julien"])
    Follow.objects.create(user=forum_world["julien"], theme=forum_world["formation"])
    counts = view_counts(client.get(LIST + f"?rubrique={forum_world['rubric'].pk}&parmi=suivis"))
    # States within what julien follows in that rubric; scopes within every state.
    assert counts["Tous les sujets"] == 3
    assert counts["Sans réponse"] == 2
    assert counts["Résolus"] == 0
    assert counts["Les sujets de tous les membres"] == 5
    assert counts["Mes sujets"] == 0
    assert counts["Ce que je suis"] == 3


def test_rubric_and_theme_pages_filter_by_state(client, forum_world):
    w = forum_world
    response = client.get(rubric_url(w["rubric"]) + "?filtre=sans-reponse")
    assert subjects(response) == {
        "Personne n’a répondu",
        "Seulement l’auteur a répondu",
        "Réponse masquée seulement",
        "Réponse en attente seulement",
    }
    assert view_counts(response)["Résolus"] == 0
    check_page(response.content.decode(), rubric_url(w["rubric"]))
    theme_url = reverse("community:theme", kwargs={"slug": w["formation"].slug})
    response = client.get(theme_url + "?filtre=resolus")
    assert subjects(response) == {"Question résolue"}
    response = client.get(theme_url + f"?filtre=sans-reponse&rubrique={w['rubric'].pk}")
    assert subjects(response) == {"Personne n’a répondu", "Réponse masquée seulement"}
    check_page(response.content.decode(), theme_url)


def test_an_unknown_state_is_ignored_with_a_message(client, forum_world):
    response = client.get(LIST + "?filtre=inconnu")
    assert response.status_code == 200
    assert "Une valeur de filtre n’a pas été reconnue" in response.content.decode()
    assert len(subjects(response)) == 7


def test_pilot_topics_stay_out_of_the_lists_of_non_members(
    client, forum_world, pilot_rubric, make_member, make_topic
):
    nadia = make_member("nadia", "Nadia R.", groups=("Conseillers", "Groupe pilote"))
    make_topic(nadia, subject="Question du pilote", forum=pilot_rubric)
    client.force_login(forum_world["julien"])
    response = client.get(LIST + "?filtre=sans-reponse")
    assert "Question du pilote" not in subjects(response)
    assert view_counts(response)["Sans réponse"] == 5
    client.force_login(nadia)
    assert "Question du pilote" in subjects(client.get(LIST + "?filtre=sans-reponse"))


def add_unanswered(make_topic, members, rubric, themes, number, start=0):
    for index in range(start, start + number):
        topic = make_topic(members[index % len(members)], subject=f"Question {index}", forum=rubric)
        topic.themes.set(themes[: 1 + index % len(themes)])
        if index % 2:
            Post.objects.create(
                topic=topic, poster=members[(index + 1) % len(members)], content="R"
            )


def test_unanswered_list_and_rubric_page_do_not_grow_with_data(
    client, rubric, make_member, make_topic, themes
):
    members = [make_member(f"membre{i}", f"Membre {i}") for i in range(4)]
    client.force_login(members[0])
    Follow.objects.create(user=members[0], theme=themes[0])
    Follow.objects.create(user=members[0], forum=rubric)
    urls = [
        LIST + "?filtre=sans-reponse",
        LIST + f"?filtre=sans-reponse&parmi=suivis&theme={themes[0].slug}",
        rubric_url(rubric) + "?filtre=sans-reponse",
        rubric_url(rubric) + "?filtre=resolus&parmi=mes-sujets",
    ]
    add_unanswered(make_topic, members, rubric, themes, 4)
    small = [page_queries(client, url)[0] for url in urls]
    add_unanswered(make_topic, members, rubric, themes, 30, start=4)
    large = []
    for url in urls:
        queries, response = page_queries(client, url)
        large.append(queries)
    assert "Question 32" in subjects(page_queries(client, urls[0])[1])
    assert small == large


def test_a_filtered_list_is_paginated_and_its_pages_keep_the_filters(
    client, rubric, make_member, make_topic, themes
):
    members = [make_member(f"membre{i}", f"Membre {i}") for i in range(2)]
    for index in range(21):
        make_topic(members[0], subject=f"Question {index}")
    answered = make_topic(members[0], subject="Question répondue")
    Post.objects.create(topic=answered, poster=members[1], content="Réponse")
    response = client.get(LIST + "?filtre=sans-reponse")
    assert len(subjects(response)) == 20
    assert view_counts(response)["Sans réponse"] == 21
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    next_page = soup.select_one("nav.pagination a[rel=next]")["href"]
    assert "filtre=sans-reponse" in next_page and "page=2" in next_page
    assert subjects(client.get(LIST + next_page)) == {"Question 0"}
