from bs4 import BeautifulSoup
from django.urls import reverse
from machina.core.db.models import get_model

from tests.community.helpers import reply_url, topic_create_url, topic_url
from tests.conftest import form_fields, text_of

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def test_forum_index_renders_inside_the_portal_layout(client, rubric):
    response = client.get("/forum/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.html["lang"] == "fr"
    assert soup.select_one("header.site-header .brand__name").get_text() == "ComCep"
    assert soup.select_one("a.skip-link")["href"] == "#contenu"
    assert soup.select_one("footer.site-footer") is not None
    assert (
        soup.select_one('nav[aria-label="Navigation principale"] a[aria-current="page"]').get_text(
            strip=True
        )
        == "Forum"
    )
    assert soup.h1.get_text(strip=True) == "Forum ComCep"
    text = text_of(response.content.decode())
    assert "Accueil et posture" in text
    assert "Tous les sujets" in text
    assert soup.title.get_text().endswith("Forum ComCep")


def test_counsellor_creates_a_topic_and_replies(client, rubric, counsellor, make_member):
    client.force_login(counsellor)
    create_url = topic_create_url(rubric)
    form_page = client.get(create_url)
    assert form_page.status_code == 200
    data = form_fields(form_page.content.decode(), "form[enctype]")
    data.update(
        subject="Bilan de compétences : quels délais ?",
        content="Quels délais constatez-vous pour un bilan financé par le CPF ?",
    )
    response = client.post(create_url, data)
    assert response.status_code == 302, text_of(response.content.decode())

    topic = Topic.objects.get(subject="Bilan de compétences : quels délais ?")
    assert topic.poster == counsellor
    page = client.get(topic_url(topic)).content.decode()
    assert "Quels délais constatez-vous pour un bilan financé par le CPF ?" in text_of(page)

    colleague = make_member("julien", "Julien L. (Apec)")
    client.force_login(colleague)
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Environ six semaines en Bretagne."
    response = client.post(reply_url(topic), data)
    assert response.status_code == 302, text_of(response.content.decode())

    topic.refresh_from_db()
    assert topic.posts_count == 2
    text = text_of(client.get(topic_url(topic)).content.decode())
    assert "Environ six semaines en Bretagne." in text
    assert "Julien L. (Apec)" in text


def test_anonymous_visitor_is_sent_to_the_sign_in_page_when_posting(client, rubric):
    create_url = topic_create_url(rubric)
    response = client.get(create_url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login") + "?next=")
    sign_in = client.get(response.url)
    assert sign_in.status_code == 200
    assert "Connexion" in text_of(sign_in.content.decode())


def test_anonymous_visitor_reads_a_topic(client, counsellor, make_topic):
    topic = make_topic(counsellor, content="Une question de posture.")
    response = client.get(topic_url(topic))
    assert response.status_code == 200
    assert "Une question de posture." in text_of(response.content.decode())
