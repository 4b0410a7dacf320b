"""Beta feedback: sent from any page by an approved member, read and answered by moderators in the
Wagtail admin, exported for the consultation report."""

import csv
import io

from django.core import mail
from django.urls import reverse

from community.pilot.models import Feedback
from tests.conftest import form_fields, text_of

FEEDBACK_URL = "/avis/"
INBOX_URL = "/admin/avis-beta/"


def test_a_member_sends_feedback_from_an_offer_page(client, sophie, make_offer):
    offer = make_offer("Compte personnel de formation")
    client.force_login(sophie)
    page = client.get(offer.url).content.decode()
    assert "Votre avis sur ComCep" in page
    data = form_fields(page, "form.feedback-control__form")
    assert data["page"] == offer.url
    data.update(rating="4", comment="Il manque les plafonds de prise en charge.")

    response = client.post(FEEDBACK_URL, data, follow=True)

    assert response.redirect_chain[-1][0] == offer.url
    assert "Merci pour votre avis" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.author, feedback.page_path, feedback.rating) == (sophie, offer.url, 4)
    assert feedback.operator == sophie.operator
    assert feedback.status == Feedback.Status.NEW


def test_anonymous_and_pending_visitors_cannot_send_feedback(client, portal, make_member):
    assert "Votre avis sur ComCep" not in client.get("/").content.decode()
    response = client.post(FEEDBACK_URL, {"rating": "5", "page": "/"})
    assert response.status_code == 302 and "/comptes/" in response["Location"]
    pending = make_member("ines", "Inès", groups=(), status="pending")
    client.force_login(pending)
    assert "Votre avis sur ComCep" not in client.get("/").content.decode()
    assert client.post(FEEDBACK_URL, {"rating": "5", "page": "/"}).status_code == 403
    assert not Feedback.objects.exists()


def test_a_bad_rating_gives_a_french_error_and_keeps_the_comment(client, sophie):
    client.force_login(sophie)
    comment = "La recherche ne trouve pas les fiches de ma région."
    response = client.post(FEEDBACK_URL, {"rating": "9", "comment": comment, "page": "/offres/"})

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Choisissez une note de 1 à 5." in text
    assert comment in response.content.decode()
    assert form_fields(response.content.decode())["page"] == "/offres/"
    assert not Feedback.objects.exists()


def test_the_page_address_must_be_a_path_of_the_site(client, sophie):
    client.force_login(sophie)
    response = client.post(FEEDBACK_URL, {"rating": "3", "page": "https://evil.example/x"})
    assert response["Location"] == "/"
    assert Feedback.objects.get().page_path == "/"


def test_feedback_is_rate_limited(client, sophie, settings):
    settings.COMCEP_RATE_LIMITS = {**settings.COMCEP_RATE_LIMITS, "feedback": "2/h"}
    client.force_login(sophie)
    for _ in range(2):
        assert client.post(FEEDBACK_URL, {"rating": "3", "page": "/"}).status_code == 302
    response = client.post(FEEDBACK_URL, {"rating": "3", "comment": "Encore", "page": "/"})
    assert response.status_code == 429
    assert "Encore" in response.content.decode()
    assert Feedback.objects.count() == 2


def test_the_inbox_is_for_moderators_not_counsellors(client, inbox, sophie, moderator):
    Feedback.objects.create(author=sophie, page_path="/offres/", rating=2, comment="Trop lent")
    client.force_login(sophie)
    assert client.get(INBOX_URL).status_code in (302, 403)
    assert INBOX_URL not in client.get("/").content.decode()
    client.force_login(moderator)
    assert f'href="{INBOX_URL}"' in client.get("/").content.decode()
    assert client.get(f"{INBOX_URL}new/").status_code in (302, 403, 404)
    response = client.get(INBOX_URL)
    assert response.status_code == 200
    assert "Trop lent" in response.content.decode()


def test_the_inbox_filters_by_page_and_operator(client, inbox, sophie, moderator, make_member):
    other = make_member("julien", "Julien", operator=None)
    Feedback.objects.create(
        author=sophie, operator=sophie.operator, page_path="/offres/", rating=2, comment="Avis A"
    )
    Feedback.objects.create(author=other, page_path="/forum/", rating=5, comment="Avis B")
    client.force_login(moderator)
    by_page = client.get(INBOX_URL, {"page_path": "/forum/"}).content.decode()
    assert "Avis B" in by_page and "Avis A" not in by_page
    by_operator = client.get(INBOX_URL, {"operator": sophie.operator.pk}).content.decode()
    assert "Avis A" in by_operator and "Avis B" not in by_operator


def test_a_reply_reaches_the_member_by_email_and_on_my_feedback(
    client, inbox, sophie, moderator, django_capture_on_commit_callbacks
):
    feedback = Feedback.objects.create(
        author=sophie, page_path="/offres/", rating=2, comment="Le filtre région se vide."
    )
    client.force_login(moderator)
    edit_url = f"{INBOX_URL}edit/{feedback.pk}/"
    assert client.get(edit_url).status_code == 200
    reply = "Merci, c’est corrigé : le filtre garde la région choisie."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"status": "done", "reply": reply})
    assert response.status_code == 302

    feedback.refresh_from_db()
    assert feedback.status == Feedback.Status.DONE and feedback.replied_by == moderator
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [sophie.email]
    assert "répondu" in message.subject and reply in message.body
    client.force_login(sophie)
    page = client.get(reverse("pilot:my_feedback")).content.decode()
    assert reply in text_of(page), text_of(page)[-800:]
    assert "traité" in text_of(page)


def test_the_csv_export_holds_the_rows(client, inbox, sophie, moderator):
    Feedback.objects.create(author=sophie, page_path="/offres/", rating=4, comment="Clair")
    Feedback.objects.create(author=sophie, page_path="/videos/", rating=1, comment="Lent")
    client.force_login(moderator)
    response = client.get(INBOX_URL, {"export": "csv"})
    assert response.status_code == 200
    assert "avis-beta-comcep" in response["Content-Disposition"]
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {"/offres/", "/videos/"}
    assert {"Clair", "Lent"} <= {cell for row in rows for cell in row}


def test_my_feedback_costs_the_same_whatever_the_number(client, sophie):
    from tests.conftest import page_queries

    client.force_login(sophie)
    Feedback.objects.create(author=sophie, page_path="/", rating=3, reply="Réponse")
    small, _ = page_queries(client, reverse("pilot:my_feedback"))
    for index in range(10):
        Feedback.objects.create(author=sophie, page_path=f"/p{index}/", rating=3)
    large, _ = page_queries(client, reverse("pilot:my_feedback"))
    assert small == large
