"""New addresses are ASCII: rubrics, topics and pages ("aide-regionale-…", never "%C3%A9")."""

from machina.core.db.models import get_model

from cms.standard.models import StandardPage
from tests.community.helpers import rubric_url, topic_create_url, topic_url
from tests.conftest import form_fields

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def test_rubric_slugs_are_ascii_even_when_renamed(client, portal):
    category = Forum.objects.create(name="Offres et dispositifs", type=Forum.FORUM_CAT)
    rubric = Forum.objects.create(
        name="Création d’entreprise", type=Forum.FORUM_POST, parent=category
    )
    assert rubric.slug == "creation-dentreprise"
    rubric.name = "Le cœur du métier"
    rubric.save()
    rubric.refresh_from_db()
    assert rubric.slug == "le-coeur-du-metier"
    url = rubric_url(rubric)
    assert url.isascii() and "%" not in url
    assert client.get(url).status_code == 200


def test_a_topic_posted_through_the_form_gets_an_ascii_address(client, rubric, counsellor):
    client.force_login(counsellor)
    data = form_fields(client.get(topic_create_url(rubric)).content.decode(), "form.topic-form")
    data.update(subject="Être prévenu des réponses : aide régionale", content="Bonjour")
    assert client.post(topic_create_url(rubric), data).status_code == 302

    topic = Topic.objects.get(subject__startswith="Être prévenu")
    assert topic.slug == "etre-prevenu-des-reponses-aide-regionale"
    url = topic_url(topic)
    assert url.isascii() and "%" not in url
    assert client.get(url).status_code == 200


def test_a_subject_without_letters_still_has_a_slug(rubric, counsellor, make_topic):
    assert make_topic(counsellor, subject="« ? »").slug == "sujet"


def test_new_page_slugs_are_ascii(portal, admin_user):
    page = portal.add_child(
        instance=StandardPage(title="Aide régionale à la mobilité", body="<p>Texte</p>")
    )
    assert page.slug == "aide-regionale-a-la-mobilite"
    assert page.url.isascii() and "%" not in page.url

    # The editor's slug field slugifies the title in ASCII as the editor types: Wagtail's
    # slug controller allows Unicode only when this (boolean) attribute is rendered.
    form_class = StandardPage.get_edit_handler().get_form_class()
    slug_input = str(form_class(for_user=admin_user)["slug"])
    assert 'data-controller="w-slug"' in slug_input
    assert "data-w-slug-allow-unicode-value" not in slug_input
