from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from tests.conftest import text_of


def test_home_page_is_french_and_shows_the_latest_topics(client, portal, counsellor, make_topic):
    make_topic(counsellor, subject="PTP : délais d’instruction dans vos régions ?")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    text = text_of(html)
    assert "Aller au contenu" in text
    assert "Dernières discussions du forum" in text
    assert "PTP : délais d’instruction dans vos régions ?" in text
    assert "Sophie M. (France Travail)" in text
    assert counsellor.email not in html


def test_home_page_says_when_there_is_no_discussion(client, portal):
    text = text_of(client.get("/").content.decode())
    assert "Aucune discussion pour le moment" in text


def test_home_page_intro_is_editable_content(client, portal):
    portal.introduction = "<p>Bienvenue aux conseillers du groupe pilote.</p>"
    portal.save_revision().publish()

    assert "Bienvenue aux conseillers du groupe pilote." in text_of(
        client.get("/").content.decode()
    )


def test_home_page_navigation_marks_the_current_section(client, portal):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    nav = soup.select_one('nav[aria-label="Navigation principale"]')
    assert [a.get_text(strip=True) for a in nav.select("a")] == ["Accueil", "Forum"]
    assert nav.select_one('a[aria-current="page"]').get_text(strip=True) == "Accueil"


def test_home_page_query_count_does_not_grow_with_topics(client, portal, counsellor, make_topic):
    def count_queries():
        client.get("/")  # warm the per-process caches (site root paths, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    make_topic(counsellor, subject="Premier sujet")
    few = count_queries()
    for number in range(8):
        make_topic(counsellor, subject=f"Sujet numéro {number}")
    many = count_queries()
    assert few == many


def test_there_is_one_home_page_at_the_root(portal):
    root = portal.get_parent()
    assert root.is_root()
    assert not HomePage.can_create_at(portal)
    # One home page already exists: not even the root takes a second one.
    assert not HomePage.can_create_at(root)


def test_home_shows_a_member_the_unanswered_questions_in_what_they_follow(
    client, portal, make_member, make_topic, rubric, pilot_rubric
):
    from machina.core.db.models import get_model

    from cms.taxonomies.models import Theme
    from community.notifications.models import Follow
    from tests.factories import RubricFactory

    Post = get_model("forum_conversation", "Post")
    sophie, julien = make_member(), make_member("julien", "Julien L.")
    theme = Theme.objects.create(name="Financement", sort_order=1)
    elsewhere = RubricFactory(name="Autre rubrique")
    make_topic(sophie, subject="Question dans la rubrique suivie")
    answered = make_topic(sophie, subject="Question déjà répondue")
    Post.objects.create(topic=answered, poster=julien, content="Réponse")
    themed = make_topic(sophie, subject="Question sur le thème suivi", forum=elsewhere)
    themed.themes.add(theme)
    make_topic(sophie, subject="Question hors de ce qui est suivi", forum=elsewhere)
    make_topic(julien, subject="Ma propre question")
    make_topic(sophie, subject="Question du pilote", forum=pilot_rubric)

    # Nothing for anonymous visitors.
    assert "ce que vous suivez" not in text_of(client.get("/").content.decode())

    Follow.objects.create(user=julien, forum=rubric)
    Follow.objects.create(user=julien, theme=theme)
    Follow.objects.create(user=julien, forum=pilot_rubric)
    client.force_login(julien)
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "followed-unanswered-title"})
    titles = [a.get_text(strip=True) for a in section.select(".topic-card__title")]
    assert sorted(titles) == ["Question dans la rubrique suivie", "Question sur le thème suivi"]
    link = section.find("a", string="Toutes les questions sans réponse dans ce que vous suivez")
    assert link["href"] == "/forum/sujets/?filtre=sans-reponse&parmi=suivis"
    listed = BeautifulSoup(client.get(link["href"]).content, "html.parser")
    listed_titles = {a.get_text(strip=True) for a in listed.select(".topic-card__title a")}
    assert set(titles) <= listed_titles


def test_home_query_count_for_a_member_does_not_grow_with_follows_and_topics(
    client, portal, make_member, make_topic, rubric
):
    from community.notifications.models import Follow

    sophie, julien = make_member(), make_member("julien", "Julien L.")
    Follow.objects.create(user=julien, forum=rubric)
    client.force_login(julien)
    make_topic(sophie, subject="Question 0")
    client.get("/")
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    for index in range(1, 12):
        make_topic(sophie, subject=f"Question {index}")
    client.get("/")  # the shared cache refills after the changes
    with CaptureQueriesContext(connection) as large:
        response = client.get("/")
    assert "Question 11" in response.content.decode()
    assert len(small) == len(large)


def test_following_or_unfollowing_a_rubric_changes_the_home_page_at_once(
    client, portal, make_member, make_topic, rubric
):
    from community.notifications.models import Follow

    sophie, julien = make_member(), make_member("julien", "Julien L.")
    make_topic(sophie, subject="Question dans la rubrique")
    client.force_login(julien)

    def followed_titles():
        soup = BeautifulSoup(client.get("/").content, "html.parser")
        section = soup.find("section", attrs={"aria-labelledby": "followed-unanswered-title"})
        return [a.get_text(strip=True) for a in section.select(".topic-card__title")]

    assert followed_titles() == []  # what a member follows is kept: it follows nothing yet
    follow = Follow.objects.create(user=julien, forum=rubric)
    assert followed_titles() == ["Question dans la rubrique"]
    follow.delete()
    assert followed_titles() == []
