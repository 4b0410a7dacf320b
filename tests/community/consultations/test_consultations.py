"""Consultations: who may answer, once, anonymously or not; the home block; the notification;
the results in the admin (charts, tables, CSV) and their cost."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.consultations.models import (
    ConsultationSubmission,
    Participation,
    participation_key,
)
from community.notifications.models import Notification
from tests.factories import MemberFactory

from .conftest import QUESTIONS, answers


def test_a_pilot_member_answers_once_and_others_get_a_404(client, people, make_consultation):
    consultation = make_consultation()
    client.force_login(people["sophie"])
    page = client.get(consultation.url)
    assert page.status_code == 200
    assert "Envoyer mes réponses" in page.content.decode()

    sent = client.post(consultation.url, answers())
    assert "vos réponses sont enregistrées" in sent.content.decode()
    again = client.post(consultation.url, answers(text="Deuxième essai"))
    assert "Vous avez déjà répondu à cette consultation" in again.content.decode()
    assert "Envoyer mes réponses" not in client.get(consultation.url).content.decode()
    assert ConsultationSubmission.objects.filter(page=consultation).count() == 1

    client.force_login(people["julien"])
    assert client.get(consultation.url).status_code == 404
    assert client.post(consultation.url, answers()).status_code == 404
    client.logout()
    assert client.get(consultation.url).status_code == 302
    assert ConsultationSubmission.objects.count() == 1


def test_answers_to_an_anonymous_consultation_carry_no_member_id(client, people, make_consultation):
    consultation = make_consultation(anonymous=True)
    sophie = people["sophie"]
    client.force_login(sophie)
    client.post(consultation.url, answers())

    submission = ConsultationSubmission.objects.get(page=consultation)
    assert submission.member_id is None
    stored = str(submission.form_data)
    assert str(sophie.pk) not in stored.replace(str(consultation.pk), "")
    assert sophie.username not in stored and sophie.email not in stored
    # The "has answered" marker holds a keyed hash, no member id, no answer, no time.
    participation = Participation.objects.get(consultation=consultation)
    assert participation.member_key == participation_key(consultation.pk, sophie.pk)
    assert {f.name for f in Participation._meta.concrete_fields} == {
        "id",
        "consultation",
        "member_key",
    }
    assert str(sophie.pk) != participation.member_key


def test_a_named_consultation_keeps_each_member_with_their_answer(
    client, people, make_consultation
):
    consultation = make_consultation(anonymous=False)
    client.force_login(people["sophie"])
    client.post(consultation.url, answers(text="=HYPERLINK(1)"))
    assert ConsultationSubmission.objects.get(page=consultation).member == people["sophie"]
    client.force_login(people["editrice"])
    url = f"/admin/consultations/{consultation.pk}/resultats/"
    texts = BeautifulSoup(client.get(url).content, "html.parser").select_one(".consultation-texts")
    assert texts.get_text(strip=True) == f"=HYPERLINK(1) — {people['sophie'].display_name}"
    # In the CSV, a member's text is never a spreadsheet formula.
    assert "'=HYPERLINK(1)" in client.get(url + "?format=csv").content.decode("utf-8-sig")


def test_a_closed_consultation_takes_no_answer_and_keeps_its_results(
    client, people, make_consultation
):
    consultation = make_consultation()
    client.force_login(people["sophie"])
    client.post(consultation.url, answers())
    from django.utils import timezone

    type(consultation).objects.filter(pk=consultation.pk).update(closes_at=timezone.now())
    client.force_login(MemberFactory(username="lea", pilot=True))
    closed = client.get(consultation.url).content.decode()
    assert "Cette consultation est close." in closed
    client.post(consultation.url, answers())
    assert ConsultationSubmission.objects.count() == 1
    client.force_login(people["editrice"])
    results = client.get(f"/admin/consultations/{consultation.pk}/resultats/").content.decode()
    assert "1 réponse" in results


def test_the_home_page_lists_the_open_consultations_of_the_member(
    client, people, make_consultation
):
    consultation = make_consultation()
    make_consultation(title="Consultation des modérateurs", audience="moderators")
    client.force_login(people["sophie"])
    home = BeautifulSoup(client.get("/").content, "html.parser")
    block = home.select_one(".open-consultations")
    assert block.h2.get_text(strip=True) == "Consultations en cours"
    assert [a.get_text(strip=True) for a in block.select("a")] == [consultation.title]
    client.post(consultation.url, answers())
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert "Répondu" in home.select_one(".open-consultations").get_text()

    client.force_login(people["julien"])
    assert "Consultations en cours" not in client.get("/").content.decode()


def test_the_audience_is_notified_once_when_a_consultation_opens(
    people, make_consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = make_consultation()
    told = Notification.objects.filter(kind=Notification.Kind.CONSULTATION_OPENED)
    assert set(told.values_list("recipient__username", flat=True)) == {"sophie"}
    with django_capture_on_commit_callbacks(execute=True):
        consultation.save_revision().publish()
    assert told.count() == 1


def test_a_consultation_published_before_it_opens_is_announced_once_it_has_opened(
    people, make_consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        consultation = make_consultation(opens_at=timezone.now() + timedelta(hours=2))
    told = Notification.objects.filter(kind=Notification.Kind.CONSULTATION_OPENED)
    call_command("announce_consultations", stdout=io.StringIO())
    assert not told.exists()

    # Two hours later (the opening date is moved back rather than the clock forward).
    type(consultation).objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(minutes=1)
    )
    output = io.StringIO()
    call_command("announce_consultations", stdout=output)
    assert set(told.values_list("recipient__username", flat=True)) == {"sophie"}
    assert "Consultations annoncées : 1 ; membres prévenus : 1." in output.getvalue()
    call_command("announce_consultations", stdout=io.StringIO())
    assert told.count() == 1


def data_table(html, number):
    node = BeautifulSoup(html, "html.parser").select_one(f'table[data-question="{number}"]')
    return {
        row.th.get_text(strip=True): int(row.td.get_text(strip=True))
        for row in node.select("tbody tr")
    }


@pytest.mark.parametrize("reader", ["editrice", "moderateur"])
def test_results_show_a_chart_and_table_per_question_and_the_csv_has_the_same_counts(
    client, people, make_consultation, reader
):
    consultation = make_consultation()
    for number, (rubric, topics, scale) in enumerate(
        [
            ("Forum", ["Posture", "Outils"], "5"),
            ("Forum", ["Outils"], "3"),
            ("Offres", ["Outils"], "5"),
        ]
    ):
        member = MemberFactory(username=f"pilote{number}", pilot=True)
        client.force_login(member)
        client.post(
            consultation.url,
            answers(text=f"Réponse {number}", rubric=rubric, topics=topics, scale=scale),
        )
    client.force_login(people[reader])
    url = f"/admin/consultations/{consultation.pk}/resultats/"
    html = client.get(url).content.decode()
    charts = BeautifulSoup(html, "html.parser").select("figure svg[role=img]")
    assert [chart["aria-label"] for chart in charts] == [
        label for label, field_type, _choices in QUESTIONS if field_type != "singleline"
    ]
    assert data_table(html, 2) == {"Forum": 2, "Offres": 1, "Vidéos": 0}
    assert data_table(html, 3) == {"Posture": 1, "Publics fragiles": 0, "Outils": 3}
    assert data_table(html, 4) == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 2}
    assert "Réponse 0" in html and "Réponse 2" in html

    response = client.get(url + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Question", "Réponse", "Réponses"]
    for number in (2, 3, 4):
        label = consultation.form_fields.all()[number - 1].label
        assert {
            answer: int(count) for question, answer, count in rows[1:] if question == label
        } == data_table(html, number)


def test_only_moderators_and_editors_read_the_results(client, people, make_consultation):
    consultation = make_consultation()
    url = f"/admin/consultations/{consultation.pk}/resultats/"
    for member in (people["sophie"], people["julien"]):
        client.force_login(member)
        assert client.get(url).status_code in (302, 403)
        assert client.get(url + "?format=csv").status_code in (302, 403)


def test_the_results_page_costs_the_same_queries_for_3_and_30_answers(
    client, people, make_consultation
):
    consultation = make_consultation()
    url = f"/admin/consultations/{consultation.pk}/resultats/"
    counts = []
    for size in (3, 30):
        for number in range(size - ConsultationSubmission.objects.count()):
            ConsultationSubmission.objects.create(
                page=consultation, form_data=answers(text=f"Texte {size}-{number}")
            )
        client.force_login(people["editrice"])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_consultations_live_under_their_index_behind_sign_in(portal, make_consultation):
    from wagtail.models import Page

    from community.consultations.models import ConsultationIndexPage, ConsultationPage

    assert ConsultationIndexPage.allowed_parent_page_models() == [portal.specific_class]
    assert ConsultationIndexPage.allowed_subpage_models() == [ConsultationPage]
    assert ConsultationPage.allowed_subpage_models() == []
    consultation = make_consultation()
    # Out of the public pages: no search, no sitemap, no API, no transfer.
    assert not Page.objects.live().public().filter(pk=consultation.pk).exists()
