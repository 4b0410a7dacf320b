"""The forum's read marks and the rubrics' tree, as a member sees them from one request to the next.

The permission handler keeps the rubrics in the shared cache and the tracking handler computes
unread topics and rubrics in one query (community/forum_permission/handler.py,
community/forum_tracking/handler.py): what a member reads, and every new rubric, shows at once.
"""

from bs4 import BeautifulSoup
from machina.core.db.models import get_model

from tests.community.helpers import rubric_url, topic_url

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")


def unread_subjects(client, rubric):
    soup = BeautifulSoup(client.get(rubric_url(rubric)).content.decode(), "html.parser")
    return {
        card.select_one(".topic-card__title a").get_text(strip=True)
        for card in soup.select(".topic-card")
        if card.select_one(".badge--new")
    }


def unread_rubrics(client):
    soup = BeautifulSoup(client.get("/forum/").content.decode(), "html.parser")
    return {
        item.select_one(".rubric__name a").get_text(strip=True)
        for item in soup.select(".rubric--unread")
    }


def test_a_topic_is_unread_until_opened_and_again_after_a_new_reply(
    client, rubric, make_member, make_topic
):
    sophie, julien = make_member(), make_member("julien", "Julien L.")
    first = make_topic(sophie, subject="Premier sujet")
    second = make_topic(sophie, subject="Second sujet")
    client.force_login(julien)
    assert unread_subjects(client, rubric) == {"Premier sujet", "Second sujet"}
    assert "Accueil et posture" in unread_rubrics(client)

    client.get(topic_url(first))
    assert unread_subjects(client, rubric) == {"Second sujet"}
    client.get(topic_url(second))
    assert unread_subjects(client, rubric) == set()
    assert "Accueil et posture" not in unread_rubrics(client)
    # Opening a topic read since its last post changes nothing.
    client.get(topic_url(second))
    assert unread_subjects(client, rubric) == set()

    Post.objects.create(topic=first, poster=sophie, content="Une précision.")
    assert unread_subjects(client, rubric) == {"Premier sujet"}
    assert "Accueil et posture" in unread_rubrics(client)
    client.get(topic_url(first))
    assert unread_subjects(client, rubric) == set()


def test_a_new_or_renamed_rubric_shows_on_the_forum_index_at_once(client, rubric, counsellor):
    from community.accounts.roles import apply_forum_permissions

    client.force_login(counsellor)
    assert "Outils et méthodes" not in client.get("/forum/").content.decode()
    tools = Forum.objects.create(
        name="Outils et méthodes", type=Forum.FORUM_POST, parent=rubric.parent
    )
    apply_forum_permissions()
    assert "Outils et méthodes" in client.get("/forum/").content.decode()
    assert client.get(rubric_url(tools)).status_code == 200

    tools.name = "Outils, méthodes et ressources"
    tools.save()
    assert "Outils, méthodes et ressources" in client.get("/forum/").content.decode()


def test_list_counts_follow_new_topics_and_the_members_follows_at_once(
    client, rubric, make_member, make_topic
):
    from django.urls import reverse

    from community.notifications.models import Follow

    sophie, julien = make_member(), make_member("julien", "Julien L.")
    make_topic(sophie, subject="Premier sujet")
    client.force_login(julien)
    url = reverse("community:topic_list")

    def followed():
        soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
        link = soup.find("a", href=lambda href: href and "parmi=suivis" in href)
        listed = BeautifulSoup(client.get(f"{url}?parmi=suivis").content.decode(), "html.parser")
        titles = {a.get_text(strip=True) for a in listed.select(".topic-card__title a")}
        return link.get_text(" ", strip=True), titles

    label, titles = followed()
    assert "(0)" in label and titles == set()
    Follow.objects.create(user=julien, forum=rubric)
    label, titles = followed()
    assert "(1)" in label and titles == {"Premier sujet"}
    make_topic(sophie, subject="Second sujet")
    label, titles = followed()
    assert "(2)" in label and titles == {"Premier sujet", "Second sujet"}
    Follow.objects.filter(user=julien).delete()
    label, titles = followed()
    assert "(0)" in label and titles == set()


def test_joining_or_leaving_the_pilot_group_opens_or_closes_its_rubric_at_once(
    client, pilot_rubric, counsellor
):
    from django.contrib.auth.models import Group

    from community.accounts.roles import PILOT_GROUP

    client.force_login(counsellor)
    assert "Retours sur la bêta" not in client.get("/forum/").content.decode()
    assert client.get(rubric_url(pilot_rubric)).status_code == 403  # its rubrics, kept per member

    pilot_group = Group.objects.get(name=PILOT_GROUP)
    counsellor.groups.add(pilot_group)
    assert "Retours sur la bêta" in client.get("/forum/").content.decode()
    assert client.get(rubric_url(pilot_rubric)).status_code == 200

    counsellor.groups.remove(pilot_group)
    assert "Retours sur la bêta" not in client.get("/forum/").content.decode()
    assert client.get(rubric_url(pilot_rubric)).status_code == 403
