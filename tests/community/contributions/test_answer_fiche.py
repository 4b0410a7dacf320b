"""A validated answer becomes a "Question-réponse" fiche, and the topic links to it."""

import pytest
from django.urls import reverse
from django.utils.text import slugify
from machina.core.db.models import get_model

from cms.questions.models import QuestionAnswerPage
from tests.community.helpers import topic_url
from tests.conftest import text_of
from tests.factories import MemberFactory

Post = get_model("forum_conversation", "Post")

ANSWER = (
    "**Le CPF** finance la VAE, voyez [le portail VAE](https://vae.gouv.fr/).\n\n"
    "<script>alert('x')</script>"
)


@pytest.fixture
def resolved(make_topic, make_member):
    asker = make_member("claire", "Claire D. (Mission locale)")
    answerer = make_member("marc", "Marc T. (Cap emploi)")
    return make_topic(
        asker,
        subject="Comment financer une VAE ?",
        content="Quel financement pour une VAE ?",
        with_validated_answer=ANSWER,
        with_validated_answer__poster=answerer,
    )


def make_fiche_url(topic):
    return reverse("contributions:make_fiche", args=[topic.pk])


def test_an_editor_turns_the_validated_answer_into_a_draft_fiche(
    client, relecture, questions_index, resolved, editrice
):
    client.force_login(editrice)
    page = client.get(topic_url(resolved)).content.decode()
    assert "Transformer en fiche" in page

    response = client.post(make_fiche_url(resolved))
    fiche = QuestionAnswerPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[fiche.pk])
    assert not fiche.live and fiche.get_parent().pk == questions_index.pk
    assert fiche.title == "Comment financer une VAE ?"
    assert "Quel financement pour une VAE ?" in fiche.question
    assert "<b>Le CPF</b>" in fiche.answer or "<strong>Le CPF</strong>" in fiche.answer
    assert 'href="https://vae.gouv.fr/"' in fiche.answer
    assert "<script" not in fiche.answer
    assert fiche.asked_by.username == "claire" and fiche.answered_by.username == "marc"
    assert fiche.topic_id == resolved.pk
    assert client.get(response["Location"]).status_code == 200

    # A second click leads to the same draft.
    client.post(make_fiche_url(resolved))
    assert QuestionAnswerPage.objects.count() == 1

    fiche.save_revision(user=editrice).publish()
    client.logout()
    public = text_of(client.get(fiche.url).content.decode())
    assert "Question posée par Claire D. (Mission locale)" in public
    assert "Réponse de Marc T. (Cap emploi)" in public
    assert "Voir la discussion sur le forum" in public
    assert fiche.url.startswith("/questions-frequentes/")

    topic_page = client.get(topic_url(resolved)).content.decode()
    assert "Reprise dans la fiche « Comment financer une VAE ? »" in text_of(topic_page)
    assert f'href="{fiche.url}"' in topic_page
    assert "Transformer en fiche" not in topic_page


def test_not_offered_to_a_counsellor_nor_on_an_unresolved_topic(
    client, relecture, questions_index, resolved, make_topic, editrice, julien
):
    client.force_login(julien)
    assert "Transformer en fiche" not in client.get(topic_url(resolved)).content.decode()
    assert client.post(make_fiche_url(resolved)).status_code == 403

    open_topic = make_topic(julien, subject="Sujet sans réponse validée")
    client.force_login(editrice)
    assert "Transformer en fiche" not in client.get(topic_url(open_topic)).content.decode()
    assert client.post(make_fiche_url(open_topic)).status_code == 404
    assert client.get(make_fiche_url(resolved)).status_code == 405
    assert not QuestionAnswerPage.objects.exists()


def test_a_moderator_without_admin_access_sends_the_draft_to_review(
    client, relecture, questions_index, resolved
):
    moderator = MemberFactory(username="karim", moderator=True)
    client.force_login(moderator)
    assert "Transformer en fiche" in client.get(topic_url(resolved)).content.decode()
    response = client.post(make_fiche_url(resolved))
    assert response.status_code == 302 and response["Location"] == topic_url(resolved)
    fiche = QuestionAnswerPage.objects.get()
    assert fiche.current_workflow_state is not None
    assert fiche.current_workflow_state.workflow.name == "Relecture"


def test_the_questions_index_costs_the_same_whatever_the_number_of_fiches(
    client, questions_index, make_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.taxonomies.models import Theme

    theme = Theme.objects.create(name="Financement")
    member = make_member()

    def add(number, start=0):
        for index in range(start, start + number):
            page = QuestionAnswerPage(
                title=f"Question {index}",
                slug=f"question-{index}",
                question="<p>Q</p>",
                answer="<p>R</p>",
                asked_by=member,
                answered_by=member,
            )
            page.themes = [theme]
            questions_index.add_child(instance=page)

    def count():
        client.get(questions_index.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(questions_index.url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add(2)
    small, _html = count()
    add(15, start=2)
    large, html = count()
    assert "Question 16" in html and "17 questions" in html
    assert small == large


def test_the_fiche_keeps_the_question_the_answer_and_the_credits_not_the_conversation(
    client, relecture, questions_index, make_topic, make_member, editrice
):
    asker = make_member("claire", "Claire D. (Mission locale)")
    answerer = make_member("marc", "Marc T. (Cap emploi)")
    make_member("julien", "Julien R. (Apec)")
    subject = "Financer une reconversion longue pour une salariée en arrêt maladie depuis six mois"
    topic = make_topic(
        asker,
        subject=subject,
        content=(
            "Bonjour à tous,\n\n@julien tu as déjà eu le cas ? Une salariée en arrêt veut "
            "se reconvertir. Quel financement mobiliser ?\n\nMerci d'avance !"
        ),
    )
    reply = Post.objects.create(
        topic=topic,
        poster=answerer,
        content=(
            "Bonjour @claire !\n\nLe **PTP** peut être mobilisé, comme l'a rappelé @julien. "
            "Merci de vérifier l'ancienneté.\n\n- le dossier va à Transitions Pro\n\n"
            "Bonne journée,\nMarc"
        ),
    )
    topic.validated_post = reply
    topic.save()

    client.force_login(editrice)
    client.post(make_fiche_url(topic))
    fiche = QuestionAnswerPage.objects.get()
    question, answer = text_of(fiche.question).strip(), text_of(fiche.answer).strip()
    assert question == ("Une salariée en arrêt veut se reconvertir. Quel financement mobiliser ?")
    assert answer == (
        "Le PTP peut être mobilisé, comme l'a rappelé un collègue. Merci de vérifier "
        "l'ancienneté. le dossier va à Transitions Pro"
    )
    assert "<b>PTP</b>" in fiche.answer or "<strong>PTP</strong>" in fiche.answer
    for word in ("@", "Bonjour", "Merci d'avance", "Bonne journée", "Marc"):
        assert word not in question + answer.replace("Merci de vérifier", "")
    assert fiche.asked_by == asker and fiche.answered_by == answerer
    # The slug is cut between two words, never inside one.
    assert fiche.slug == "financer-une-reconversion-longue-pour-une-salariee-en-arret"
    assert slugify(subject).startswith(f"{fiche.slug}-")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Salut,\nvoici:\n\n```\nMerci\n```", "Voici:\n\n```\nMerci\n```"),
        ("Merci pour ta question ! Le CPF suffit.", "Le CPF suffit."),
        ("Un grand merci @marc", ""),
        ("Merci de joindre l'attestation.", "Merci de joindre l'attestation."),
        ("Cordialement", ""),
        ("Bonsoir @lea @yann, je confirme.", "Je confirme."),
    ],
)
def test_what_a_fiche_drops_from_a_post(text, kept):
    from community.contributions.fiche_text import clean_for_fiche

    assert clean_for_fiche(text) == kept
