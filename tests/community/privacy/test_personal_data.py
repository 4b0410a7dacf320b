"""The personal-data guard: on a corpus of counsellors' sentences, and where a member posts."""

import io

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from machina.core.db.models import get_model

from community.privacy.detection import find_personal_data, highlight
from community.privacy.evaluation import evaluate
from tests.community.helpers import check_page, post_update_url, reply_url, topic_create_url
from tests.community.privacy.personal_data_corpus import NEGATIVES, POSITIVES
from tests.conftest import form_fields
from tests.conftest import text_of as page_text
from tests.factories import MemberFactory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

CONFIRM_LABEL = "Je confirme qu’il ne s’agit pas de données personnelles d’un bénéficiaire"
NIR = "2 69 05 49 588 157 80"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


# The corpus ---------------------------------------------------------------------------------


def test_corpus_is_large_enough():
    assert len(POSITIVES) + len(NEGATIVES) >= 60
    kinds = {kind for _sentence, expected in POSITIVES for kind, _text in expected}
    assert kinds == {"nir", "iban", "phone", "email", "birth_date"}


def test_no_valid_nir_or_iban_is_missed_and_few_false_alarms():
    result = evaluate(POSITIVES, NEGATIVES)
    assert result.scores["nir"].missed == []
    assert result.scores["iban"].missed == []
    assert result.scores["nir"].true_positives >= 8
    assert result.scores["iban"].true_positives >= 5
    assert result.false_alarm_rate <= 0.05


def test_report_prints_precision_and_recall_per_kind():
    out = io.StringIO()
    call_command("personal_data_report", stdout=out)
    report = out.getvalue()
    print(report)  # the figures, with pytest -s
    for kind in ("nir", "iban", "phone", "email", "birth_date"):
        assert kind in report
    assert "precision" in report and "recall" in report
    assert "Negatives flagged:" in report


def test_findings_have_a_kind_a_span_and_a_french_label():
    text = f"Son NIR : {NIR}."
    [finding] = find_personal_data(text)
    assert finding.kind == "nir"
    assert text[finding.start : finding.end] == NIR
    assert str(finding.label) == "numéro de sécurité sociale"


def test_highlight_escapes_the_text_around_and_inside_the_marks():
    text = "<script>alert(1)</script> appeler le 06 12 34 56 78 & <b>merci</b>"
    html = highlight(text, find_personal_data(text))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "06 12 34 56 78</mark>" in html
    assert html.count("<mark") == 1


# Posting ------------------------------------------------------------------------------------


def reply_form(client, topic):
    return form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")


def resubmitted(response):
    """The form as shown again, with what the author typed, and the box ticked."""
    data = form_fields(response.content.decode(), "form[enctype]")
    data["confirm_personal_data"] = "on"
    return data


def test_a_reply_with_a_mobile_number_is_shown_back_highlighted_then_published(
    client, counsellor, make_topic
):
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    data = reply_form(client, topic)
    content = "Vous pouvez rappeler Mme L. au 06 12 34 56 78 après 17 h."
    data["content"] = content

    response = client.post(reply_url(topic), data)

    assert response.status_code == 200
    assert topic.posts.count() == 1  # nothing saved
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    text = page_text(html)
    assert (
        "Votre texte semble contenir des données personnelles : numéro de téléphone portable."
        in text
    )
    assert (
        soup.select_one("textarea[name=content]").text.lstrip("\n") == content
    )  # nothing typed is lost
    assert [mark.get_text() for mark in soup.select(".personal-data-warning blockquote mark")] == [
        "06 12 34 56 78"
    ]
    box = soup.select_one("input[name=confirm_personal_data]")
    assert box is not None and not box.has_attr("checked")
    assert soup.find("label", attrs={"for": box["id"]}).get_text(strip=True) == CONFIRM_LABEL
    check_page(html, reply_url(topic))

    response = client.post(reply_url(topic), resubmitted(response))

    assert response.status_code == 302
    post = topic.posts.get(content=content)
    assert post.approved
    assert "Votre message a été publié." in page_text(client.get(response.url).content.decode())


def test_a_confirmed_topic_with_a_social_security_number_waits_for_a_moderator(
    client, counsellor, rubric
):
    client.force_login(counsellor)
    url = topic_create_url(rubric)
    data = form_fields(client.get(url).content.decode(), "form[enctype]")
    data.update(subject="Dossier Ameli bloqué", content=f"Son NIR est {NIR}, que faire ?")

    response = client.post(url, data)
    assert response.status_code == 200
    assert not Topic.objects.filter(subject="Dossier Ameli bloqué").exists()
    text = page_text(response.content.decode())
    assert "numéro de sécurité sociale" in text
    assert "relu par un modérateur avant d’être publié" in text

    response = client.post(url, resubmitted(response), follow=True)

    topic = Topic.objects.get(subject="Dossier Ameli bloqué")
    post = topic.first_post
    assert not post.approved and not topic.approved
    assert (
        "Votre message contient un numéro de sécurité sociale ou un numéro de compte bancaire "
        "(IBAN) : un modérateur le lira avant sa publication."
    ) in page_text(response.content.decode())
    # It is in the moderators' queue, and hidden from other members until approved.
    moderator = MemberFactory(moderator=True)
    client.force_login(moderator)
    queue = page_text(client.get(reverse("forum_moderation:queue")).content.decode())
    assert "Dossier Ameli bloqué" in queue
    assert not Post.objects.visible_to(MemberFactory()).filter(pk=post.pk).exists()


def test_a_confirmed_reply_with_an_iban_waits_and_other_kinds_are_published(
    client, counsellor, make_topic
):
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    data = reply_form(client, topic)
    data["content"] = f"RIB du stagiaire : {IBAN}, contact jean.dupont85@gmail.com."
    response = client.post(reply_url(topic), resubmitted(client.post(reply_url(topic), data)))
    assert response.status_code == 302
    assert not topic.posts.get(content__startswith="RIB du stagiaire").approved

    data = reply_form(client, topic)
    data["content"] = "DDN : 03.04.1990, écrire à jean.dupont85@gmail.com."
    response = client.post(reply_url(topic), resubmitted(client.post(reply_url(topic), data)))
    assert response.status_code == 302
    assert topic.posts.get(content__startswith="DDN").approved


def test_a_confirmation_covers_only_what_the_author_was_shown(client, counsellor, make_topic):
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    data = reply_form(client, topic)
    data["content"] = "Rappeler au 06 12 34 56 78."
    data = resubmitted(client.post(reply_url(topic), data))
    data["content"] = f"Rappeler au 06 12 34 56 78, NIR {NIR}."

    response = client.post(reply_url(topic), data)

    assert response.status_code == 200
    assert topic.posts.count() == 1
    marks = BeautifulSoup(response.content, "html.parser").select(
        ".personal-data-warning blockquote mark"
    )
    assert [mark.get_text() for mark in marks] == ["06 12 34 56 78", NIR]


def test_text_without_personal_data_is_published_at_once(client, counsellor, make_topic):
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    data = reply_form(client, topic)
    data["content"] = (
        "Le CIO répond au 01 48 70 12 34 ; réunion le 12/03/2026 ; reste à charge 1 500 €."
    )
    response = client.post(reply_url(topic), data)
    assert response.status_code == 302
    assert topic.posts.filter(approved=True).count() == 2


def test_an_edit_adding_a_social_security_number_sends_the_post_back_to_the_queue(
    client, counsellor, make_topic
):
    topic = make_topic(counsellor, content="Question sans données.")
    post = topic.first_post
    client.force_login(counsellor)
    url = post_update_url(post)
    data = form_fields(client.get(url).content.decode(), "form[enctype]")
    data["content"] = f"Question avec le NIR {NIR}."

    response = client.post(url, data)
    assert response.status_code == 200
    post.refresh_from_db()
    assert post.content.raw == "Question sans données."

    response = client.post(url, resubmitted(response))
    assert response.status_code == 302
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.content.raw == f"Question avec le NIR {NIR}."
    assert not post.approved and not topic.approved
