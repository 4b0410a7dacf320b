"""A first visit to the forum: French labels, one heading per post, one message, the topic form."""

from bs4 import BeautifulSoup
from django.urls import reverse
from machina.core.db.models import get_model

from community.accounts.roles import MODERATORS_GROUP
from tests.community.helpers import reply_url, topic_create_url, topic_url
from tests.conftest import form_fields, text_of

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_topic_lists_are_labelled_in_french(client, counsellor, make_topic, themes):
    topic = make_topic(counsellor)
    topic.themes.set([themes[0]])
    for url in (reverse("community:topic_list"), reverse("community:theme", args=[themes[0].slug])):
        labels = [s["aria-label"] for s in soup(client.get(url)).select("section.topic-list")]
        assert labels == ["Sujets"], url


def test_replies_do_not_repeat_the_topic_subject_as_a_heading(client, counsellor, make_topic):
    topic = make_topic(counsellor, subject="Rester neutre face à l’urgence")
    for content in ("Première réponse", "Deuxième réponse"):
        Post.objects.create(
            topic=topic, poster=counsellor, subject=f"Re: {topic.subject}", content=content
        )
    Post.objects.create(
        topic=topic, poster=counsellor, subject="Une piste concrète", content="Troisième réponse"
    )

    page = soup(client.get(topic_url(topic)))
    visible_headings = [
        h.get_text(strip=True) for h in page.select("main h1, main h2:not(.visually-hidden)")
    ]
    assert visible_headings == ["Rester neutre face à l’urgence", "Une piste concrète"]
    assert "Re:" not in text_of(str(page.select_one("main")))
    # Every post keeps a heading for screen readers, and its article is labelled by it.
    for article in page.select("article.post"):
        assert page.find(id=article["aria-labelledby"]).get_text(strip=True)
    hidden = [h.get_text(strip=True) for h in page.select("article.post h2.visually-hidden")]
    assert hidden == ["Message initial", "Réponse", "Réponse"]


def test_a_premoderated_reply_shows_one_coherent_message(
    client, counsellor, make_member, make_topic
):
    topic = make_topic(counsellor)
    newcomer = make_member("ines", "Inès M.", premoderated_posts_remaining=1)
    client.force_login(newcomer)
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Ma première réponse"
    page = text_of(client.post(reply_url(topic), data, follow=True).content.decode())

    assert not Post.objects.get(content="Ma première réponse").approved
    assert "Merci : votre message sera publié après validation par un modérateur." in page
    assert "publié avec succès" not in page and "a été publié" not in page

    # The next one (a new form) is published at once, and says so.
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Ma deuxième réponse"
    page = text_of(client.post(reply_url(topic), data, follow=True).content.decode())
    assert Post.objects.get(content="Ma deuxième réponse").approved
    assert "Votre message a été publié." in page
    assert "après validation" not in page


def test_topic_form_hides_the_topic_type_when_there_is_one_choice(
    client, counsellor, make_member, rubric
):
    client.force_login(counsellor)
    page = client.get(topic_create_url(rubric)).content.decode()
    form = soup_form(page)
    assert form.find(attrs={"name": "topic_type"}) is None
    assert "Publier le sujet en tant que" not in text_of(str(form))

    # A topic is still created, as an ordinary one.
    data = form_fields(page, "form.topic-form")
    data.update(subject="Un sujet simple", content="Bonjour")
    assert client.post(topic_create_url(rubric), data).status_code == 302
    assert Topic.objects.get(subject="Un sujet simple").type == Topic.TOPIC_POST

    # A moderator, who may post stickies and announcements, keeps the choice.
    client.force_login(make_member("karim", "Karim", groups=("Conseillers", MODERATORS_GROUP)))
    form = soup_form(client.get(topic_create_url(rubric)).content.decode())
    assert len(form.select("select[name=topic_type] option")) == 3
    assert "Publier le sujet en tant que" in text_of(str(form))


def soup_form(html):
    return BeautifulSoup(html, "html.parser").select_one("form.topic-form")


def test_poll_help_texts_are_correct_french(client, counsellor, rubric):
    client.force_login(counsellor)
    text = text_of(str(soup_form(client.get(topic_create_url(rubric)).content.decode())))
    for expected in (
        "Saisissez une question pour joindre un sondage au sujet",
        "Nombre de réponses que chacun peut choisir",
        "Le nombre de réponses que chaque participant peut cocher en votant.",
        "Durée du sondage (en jours)",
        "Saisissez 0 ou laissez le champ vide pour un sondage sans date de fin.",
        "Autoriser à modifier son vote ?",
    ):
        assert expected in text
    for wrong in ("Il s'agit nombre", "laisser le champ vide", "votes?"):
        assert wrong not in text
