"""The community dashboard of the Wagtail admin: figures, charts, tables, CSV, access, cost."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from cms.editorial import ensure_editorial_workflow
from cms.taxonomies.models import Operator, Region, Theme
from community.steering.stats import percentile
from tests.factories import MemberFactory, RubricFactory, TopicFactory

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

URL = "/admin/communaute/tableau-de-bord/"


def test_the_url_is_the_admin_dashboard():
    assert reverse("community_dashboard") == URL


@pytest.fixture
def staff(portal):
    ensure_editorial_workflow([portal])
    return {
        "moderator": MemberFactory(username="karim", moderator=True),
        "pilot_moderator": MemberFactory(username="lea", pilot_moderator=True),
        "editor": MemberFactory(username="editrice", editor=True),
        "admin": MemberFactory(username="admin", role_groups=(), is_superuser=True),
    }


def answered_after(topic, asked_days_ago, hours=None, replier=None):
    """Date ``topic`` ``asked_days_ago`` days ago; answered ``hours`` later (None: unanswered)."""
    created = timezone.now() - timedelta(days=asked_days_ago)
    first_reply_at = None if hours is None else created + timedelta(hours=hours)
    if hours is not None:
        # Saving a post saves its topic: reply first, then date the topic.
        reply = Post.objects.create(topic=topic, poster=replier, content="Voici ma réponse")
        Post.objects.filter(pk=reply.pk).update(created=first_reply_at)
    Topic.objects.filter(pk=topic.pk).update(created=created, first_reply_at=first_reply_at)
    Post.objects.filter(pk=topic.first_post_id).update(created=created)


def table(html, key):
    """The rows of a figure's data table, as a reader sees them."""
    node = BeautifulSoup(html, "html.parser").select_one(f'table[data-figure="{key}"]')
    assert node is not None, key
    return [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in node.find_all("tr")
    ]


def csv_rows(client, key, query=""):
    response = client.get(f"{URL}?format=csv&figure={key}{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize("role", ["moderator", "pilot_moderator", "editor", "admin"])
def test_moderators_editors_and_superusers_open_the_dashboard(client, staff, role):
    client.force_login(staff[role])
    response = client.get(URL)
    assert response.status_code == 200
    assert "Tableau de bord de la communauté" in response.content.decode()
    # The admin menu leads there.
    assert URL in client.get("/admin/").content.decode()


def test_counsellors_and_partners_are_kept_out(client, portal):
    for member in (MemberFactory(username="julien"), MemberFactory(username="cam", partner=True)):
        client.force_login(member)
        response = client.get(URL)
        assert response.status_code in (302, 403)
        assert "Tableau de bord" not in response.content.decode()
        assert client.get(URL + "?format=csv&figure=topics-operator").status_code in (302, 403)


def test_an_admin_user_without_the_permission_is_sent_back(client, portal):
    writer = MemberFactory(username="paul", role_groups=("Rédacteurs",), is_staff=True)
    ensure_editorial_workflow([portal])
    client.force_login(writer)
    response = client.get(URL)
    # Wagtail turns the refusal into a return to the admin home, with a message.
    assert response.status_code == 302 and response.url == "/admin/"
    assert URL not in client.get("/admin/").content.decode()


def test_median_and_90th_percentile_match_the_hand_computed_values(client, staff):
    rubric = RubricFactory(name="Accueil et posture")
    asker = MemberFactory(username="amina", operator=Operator.objects.create(name="Apec"))
    replier = MemberFactory(username="marc")
    # Answer times of 1, 2, 4, 10 and 30 hours, and one question nobody answered.
    for index, hours in enumerate((1, 2, 4, 10, 30, None)):
        topic = TopicFactory(forum=rubric, poster=asker, subject=f"Question {index}")
        answered_after(topic, asked_days_ago=5 + index, hours=hours, replier=replier)
    # Hand-computed: the median of 1, 2, 4, 10, 30 is 4; the 90th percentile (interpolated as
    # PostgreSQL's percentile_cont) lies at rank 0.9 × 4 = 3.6: 10 + 0.6 × (30 − 10) = 22.
    assert percentile([1, 2, 4, 10, 30], 0.5) == 4
    assert percentile([1, 2, 4, 10, 30], 0.9) == pytest.approx(22)

    client.force_login(staff["moderator"])
    html = client.get(URL).content.decode()
    rows = table(html, "answer-times-rubric")
    assert rows[0] == [
        "Rubrique",
        "Médiane (heures)",
        "90e centile (heures)",
        "Questions ayant une réponse",
        "Questions sans réponse",
    ]
    assert ["Accueil et posture", "4,0", "22,0", "5", "1"] in rows
    assert ["Apec", "4,0", "22,0", "5", "1"] in table(html, "answer-times-operator")
    # 4 of the 6 questions were answered within 24 h, 5 within 48 h.
    page = BeautifulSoup(html, "html.parser").get_text(" ")
    assert "67 %" in page and "83 %" in page
    # The unanswered question (asked 10 days ago) waits on the dashboard.
    assert (
        "Question 5"
        in BeautifulSoup(html, "html.parser").select_one("#unanswered-title").parent.get_text()
    )


def test_every_chart_is_an_inline_svg_with_a_title_and_its_table_equals_its_csv(client, staff):
    rubric = RubricFactory(name="Financements")
    theme = Theme.objects.create(name="Formation")
    region = Region.objects.create(name="Bretagne", code="53")
    members = [
        MemberFactory(
            username=f"membre{i}",
            operator=Operator.objects.get_or_create(name=name)[0],
            region=region,
        )
        for i, name in enumerate(("France Travail", "Apec", "Cap emploi"))
    ]
    for index in range(9):
        topic = TopicFactory(forum=rubric, poster=members[index % 3], subject=f"Sujet {index}")
        topic.themes.add(theme)
        answered_after(topic, index * 6 + 1, hours=index * 5 + 1, replier=members[(index + 1) % 3])

    client.force_login(staff["editor"])
    response = client.get(URL)
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    sections = soup.select("section.steering-chart")
    assert len(sections) == 10
    # Each chart comes in a wide and a narrow drawing; no id twice in the page (HTML validity).
    assert all(len(section.select("figure svg")) == 2 for section in sections)
    ids = [node["id"] for node in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    for section in sections:
        key = section["id"]
        title = section.find("h2").get_text(strip=True)
        svg = section.select_one("figure svg")
        assert svg is not None, key
        assert svg["role"] == "img" and svg["aria-label"] == title
        assert svg.find("title").get_text(strip=True) == title
        assert not soup.select("script[src*='pygal'], script[src*='kozea']")
        assert section.select_one("details summary").get_text(strip=True) == "Voir les données"
        csv_link = section.find("a", href=lambda href: href and "format=csv" in href)
        assert csv_link is not None
        rows = table(html, key)
        assert len(rows) > 1
        assert rows == csv_rows(client, key), key
    # Figures a reader can check: 9 topics by France Travail, Apec and Cap emploi (3 each).
    topics = table(html, "topics-operator")
    assert topics[0] == ["Semaine du", "Apec", "Cap emploi", "France Travail"]
    assert sum(int(v) for row in topics[1:] for v in row[1:]) == 9
    assert sum(int(row[1]) for row in table(html, "topics-region")[1:]) == 9
    assert ["Formation", "0", "9", "9"] in table(html, "themes")


def test_the_period_is_chosen_with_french_errors_that_keep_the_input(client, staff):
    client.force_login(staff["moderator"])
    response = client.get(URL + "?start=2026-13-45&end=2026-01-31")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez une date valide" in html
    assert 'value="2026-13-45"' in html
    assert "Corrigez la période pour afficher les chiffres." in html

    html = client.get(URL + "?start=2026-03-01&end=2026-01-31").content.decode()
    assert "La fin de la période doit venir après son début." in html
    assert 'value="2026-03-01"' in html

    html = client.get(URL + "?start=2020-01-01&end=2026-01-31").content.decode()
    assert "Choisissez une période de 104 semaines au plus." in html

    html = client.get(URL + "?start=2026-01-05&end=2026-02-01").content.decode()
    assert (
        "Du 5 janvier 2026 au 1 février 2026" in html
        or "Du 5 janvier 2026 au 1er février 2026" in html
    )
    assert len(table(html, "topics-operator")) == 1 + 4  # four weeks


def test_a_viewer_who_cannot_read_the_pilot_rubric_gets_figures_without_it(client, staff):
    pilot = RubricFactory(pilot=True)
    public = RubricFactory(name="Formation")
    author = MemberFactory(username="sophie", pilot=True)
    TopicFactory(forum=pilot, poster=author, subject="Sujet confidentiel du pilote")
    TopicFactory(forum=public, poster=author, subject="Sujet public")
    for topic in Topic.objects.all():
        answered_after(topic, 4)  # unanswered for four days

    client.force_login(staff["editor"])
    html = client.get(URL).content.decode()
    assert "Sujet confidentiel du pilote" not in html
    assert "Retours sur la bêta" not in html
    assert "Sujet public" in html

    client.force_login(staff["pilot_moderator"])
    html = client.get(URL).content.decode()
    assert "Sujet confidentiel du pilote" in html
    assert ["Retours sur la bêta", "—", "—", "0", "1"] in table(html, "answer-times-rubric")


def make_posts(rubric, members, themes, topics_count, posts_per_topic, start=0):
    """Topics and replies in bulk, spread over the last ten weeks, half of them answered."""
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        Topic(
            forum=rubric,
            poster=members[index % len(members)],
            subject=f"Sujet {index}",
            slug=f"sujet-{index}",
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        for index in range(start, start + topics_count)
    )
    Topic.themes.through.objects.bulk_create(
        Topic.themes.through(topic_id=topic.pk, theme_id=themes[i % len(themes)].pk)
        for i, topic in enumerate(topics)
    )
    Post.objects.bulk_create(
        Post(
            topic=topic,
            poster=members[(i + j) % len(members)],
            subject=topic.subject,
            content="Message",
            approved=True,
        )
        for i, topic in enumerate(topics)
        for j in range(posts_per_topic)
    )
    for i, topic in enumerate(topics[::50]):
        created = now - timedelta(days=(i * 3) % 70 + 3)
        Topic.objects.filter(pk=topic.pk).update(
            created=created, first_reply_at=created + timedelta(hours=i % 40)
        )


def test_the_dashboard_costs_the_same_queries_for_1000_and_5000_posts(client, staff):
    rubric = RubricFactory(name="Accueil")
    pilot = RubricFactory(pilot=True)
    operators = [Operator.objects.create(name=n) for n in ("France Travail", "Apec")]
    regions = [
        Region.objects.create(name=n, code=c) for n, c in (("Bretagne", "53"), ("Occitanie", "76"))
    ]
    members = [
        MemberFactory(username=f"m{i}", operator=operators[i % 2], region=regions[i // 2 % 2])
        for i in range(6)
    ]
    themes = [Theme.objects.create(name=n) for n in ("Formation", "Financement", "Handicap")]
    make_posts(rubric, members, themes, 200, 5)
    make_posts(pilot, members, themes, 10, 2, start=10_000)
    assert Post.objects.count() == 1020
    client.force_login(staff["pilot_moderator"])

    def measure():
        client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        assert response.status_code == 200
        return len(queries), response

    small, response = measure()
    assert "<svg" in response.content.decode()
    make_posts(rubric, members, themes, 800, 5, start=200)
    assert Post.objects.count() == 5020
    large, response = measure()
    assert small == large
    assert small < 40
