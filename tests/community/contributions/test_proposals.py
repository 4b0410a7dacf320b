"""Counsellors propose resources and report errors; editors review them in Wagtail."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Comment, WorkflowState

from cms.offers.models import OfferPage
from cms.taxonomies.models import Audience, Region, Theme
from community.contributions.models import ErrorReport, Proposal
from tests.conftest import text_of
from tests.factories import MemberFactory

PROPOSE = "/contributions/proposer/"
MINE = "/contributions/mes-propositions/"
ADMIN_LISTING = "/admin/reports/propositions-des-membres/"


def funding_data(**extra):
    return {
        "kind": "funding",
        "title": "Aide régionale à la reconversion",
        "summary": "Une aide de la région pour financer une reconversion.",
        "body": "Premier paragraphe.\n\nSecond paragraphe <b>gras</b>.",
        "funder": "Région Bretagne",
        "regions": [Region.objects.get(slug="bretagne").pk],
        "audiences": [Audience.objects.order_by("pk").first().pk],
        "themes": [Theme.objects.order_by("pk").first().pk],
        "source_url": "https://www.bretagne.bzh/aides/reconversion/",
        **extra,
    }


def propose(client, member, **extra):
    client.force_login(member)
    return client.post(PROPOSE, funding_data(**extra))


def workflow_action(client, editor, page, action, comment=""):
    state = WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, state.current_task_state.pk],
    )
    return client.post(url, {"comment": comment})


def test_a_counsellors_proposal_becomes_a_draft_offer_in_review(client, relecture, julien):
    client.force_login(julien)
    form = client.get(PROPOSE)
    assert form.status_code == 200
    assert "Proposer une ressource" in text_of(form.content.decode())

    response = propose(client, julien)
    assert response.status_code == 302 and response["Location"] == MINE

    page = OfferPage.objects.get(title="Aide régionale à la reconversion")
    assert not page.live and page.get_parent().pk == relecture.pk
    assert page.kind == "funding" and page.funder == "Région Bretagne"
    assert page.owner == julien
    assert [r.slug for r in page.regions.all()] == ["bretagne"]
    assert "&lt;b&gt;gras&lt;/b&gt;" in str(page.body[0].value.source)
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == "Relecture" and state.status == "in_progress"
    assert Proposal.objects.get(page=page).status == "in_review"

    mine = text_of(client.get(MINE).content.decode())
    assert "Aide régionale à la reconversion" in mine and "en relecture" in mine
    # The contributor never gets into the admin.
    assert client.get("/admin/").status_code == 302
    assert client.get(ADMIN_LISTING).status_code == 302


def test_bad_input_gives_french_errors_and_keeps_what_was_typed(client, relecture, julien):
    response = propose(client, julien, funder="", source_url="pas une adresse")
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Indiquez qui finance." in page
    assert "Saisissez une URL valide." in page
    assert 'value="Aide régionale à la reconversion"' in response.content.decode()
    assert not OfferPage.objects.exists()

    training = propose(client, julien, kind="training", funder="")
    assert "Indiquez la durée de la formation." in text_of(training.content.decode())


@pytest.mark.parametrize("role", ["pending", "partner", "editor"])
def test_only_approved_counsellors_may_propose(client, relecture, role):
    member = MemberFactory(username=f"m-{role}", **{role: True})
    response = propose(client, member)
    assert response.status_code == 403
    assert client.get(MINE).status_code == 403
    assert not OfferPage.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, relecture):
    response = client.get(PROPOSE)
    assert response.status_code == 302 and "/comptes/connexion/" in response["Location"]


def test_proposals_are_rate_limited_and_keep_the_text(client, relecture, julien, settings):
    settings.COMCEP_RATE_LIMITS = {**settings.COMCEP_RATE_LIMITS, "proposal": "1/h"}
    assert propose(client, julien).status_code == 302
    second = propose(client, julien, title="Une seconde proposition")
    assert second.status_code == 429
    assert "Une seconde proposition" in second.content.decode()
    assert OfferPage.objects.count() == 1


def test_editor_approves_the_proposal_it_goes_live_credited(
    client, relecture, julien, editrice, django_capture_on_commit_callbacks
):
    propose(client, julien)
    page = OfferPage.objects.get()
    client.force_login(editrice)
    listing = client.get(ADMIN_LISTING)
    assert listing.status_code == 200
    assert "Aide régionale à la reconversion" in text_of(listing.content.decode())
    assert "Julien R. (Apec)" in text_of(listing.content.decode())

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = workflow_action(client, editrice, page, "approve", "Vérifié, merci.")
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and page.url_path.startswith("/home/offres/")
    assert Proposal.objects.get(page=page).status == "published"

    client.logout()
    public = text_of(client.get(page.url).content.decode())
    assert "Proposé par Julien R. (Apec)" in public
    client.force_login(julien)
    assert "publiée" in text_of(client.get(MINE).content.decode())
    told = [m for m in mail.outbox if m.to == [julien.email]]
    assert len(told) == 1 and "publiée" in told[0].subject
    assert "/admin/" not in told[0].body


def test_a_refused_proposal_shows_the_editors_comment(
    client, relecture, julien, editrice, django_capture_on_commit_callbacks
):
    propose(client, julien)
    page = OfferPage.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, editrice, page, "reject", "La source ne mentionne pas cette aide.")
    proposal = Proposal.objects.get(page=page)
    assert proposal.status == "refused"
    assert proposal.editor_comment == "La source ne mentionne pas cette aide."
    client.force_login(julien)
    mine = text_of(client.get(MINE).content.decode())
    assert "refusée" in mine and "La source ne mentionne pas cette aide." in mine
    told = [m for m in mail.outbox if m.to == [julien.email]]
    assert len(told) == 1 and "La source ne mentionne pas cette aide." in told[0].body
    page.refresh_from_db()
    assert not page.live


def test_an_error_report_becomes_a_comment_for_the_owner_editor(
    client, relecture, make_offer, julien, editrice, django_capture_on_commit_callbacks
):
    offer = make_offer("Bilan de compétences", owner_editor=editrice)
    client.force_login(julien)
    assert "Signaler une erreur sur cette fiche" in client.get(offer.url).content.decode()
    url = f"/contributions/signaler-une-erreur/{offer.pk}/"
    assert client.get(url).status_code == 200
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 200 and "Ce champ est obligatoire." in empty.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": "Le plafond est passé à 1 600 € en 2026."})
    assert response.status_code == 302
    comment = Comment.objects.get(page=offer)
    assert comment.user == julien and comment.text == "Le plafond est passé à 1 600 € en 2026."
    assert ErrorReport.objects.get().comment == comment
    assert [m.to for m in mail.outbox] == [[editrice.email]]

    client.force_login(editrice)
    listing = text_of(client.get(ADMIN_LISTING).content.decode())
    assert "Le plafond est passé à 1 600 € en 2026." in listing


def test_error_reports_need_an_approved_counsellor_and_a_live_page(client, relecture, make_offer):
    draft = make_offer("Brouillon", publish=False)
    live = make_offer("En ligne")
    pending = MemberFactory(username="attente", pending=True)
    client.force_login(pending)
    assert (
        client.post(f"/contributions/signaler-une-erreur/{live.pk}/", {"text": "x"}).status_code
        == 403
    )
    client.force_login(MemberFactory(username="conseil"))
    assert client.get(f"/contributions/signaler-une-erreur/{draft.pk}/").status_code == 404
    assert not Comment.objects.exists()


def count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_my_proposals_and_the_admin_listing_cost_the_same_whatever_their_number(
    client, relecture, julien, editrice
):
    propose(client, julien)
    client.force_login(julien)
    small_mine = count(client, MINE)
    client.force_login(editrice)
    small_admin = count(client, ADMIN_LISTING)
    for number in range(5):
        propose(client, julien, title=f"Proposition {number}")
    client.force_login(julien)
    assert count(client, MINE) == small_mine
    client.force_login(editrice)
    assert count(client, ADMIN_LISTING) == small_admin


def test_the_catalogue_invites_approved_counsellors_to_propose(client, relecture, julien):
    assert "Proposer une ressource" not in client.get(relecture.url).content.decode()
    client.force_login(julien)
    html = client.get(relecture.url).content.decode()
    assert 'href="/contributions/proposer/"' in html
    assert 'href="/contributions/mes-propositions/"' in html


def test_a_proposal_holding_a_beneficiarys_mobile_is_shown_back_until_confirmed(
    client, relecture, julien
):
    summary = "Appeler Mme Martin au 06 12 34 56 78 pour le détail."
    response = propose(client, julien, summary=summary)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<mark>06 12 34 56 78</mark>" in html
    assert summary in html  # what was typed is kept
    assert not Proposal.objects.exists()
    digest = html.split('name="personal_data_digest" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        PROPOSE,
        funding_data(summary=summary, confirm_personal_data="on", personal_data_digest=digest),
    )
    assert response.status_code == 302 and response["Location"] == MINE
    assert Proposal.objects.count() == 1
