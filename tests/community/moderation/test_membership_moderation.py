"""Membership is moderated by the general moderators: the pilot group's moderators moderate its
rubric, and never see the sign-up queue nor the applicants' e-mail addresses."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community.accounts import membership
from community.accounts.roles import COUNSELLORS_GROUP, PILOT_GROUP, PILOT_MODERATORS_GROUP
from community.moderation import services
from community.moderation.models import ModerationLogEntry, PostReport
from tests.community.helpers import rubric_url
from tests.conftest import text_of

User = get_user_model()
APPLICANT_EMAIL = "ines.moreau@structure-inconnue.example"


@pytest.fixture
def pilot_moderator(make_member, pilot_rubric):
    """A moderator of the pilot rubric only, as roles.py defines the role."""
    return make_member(
        "lea",
        "Léa F. (modération pilote)",
        groups=(COUNSELLORS_GROUP, PILOT_GROUP, PILOT_MODERATORS_GROUP),
    )


@pytest.fixture
def suspended(make_member):
    return make_member("suspendu", "Membre suspendu", status=User.Status.SUSPENDED)


def status_of(member):
    return User.objects.filter(pk=member.pk).values_list("status", flat=True).first()


def test_the_general_moderator_sees_the_queue_with_the_applicants_addresses(
    client, rubric, moderator, pending_member, suspended
):
    client.force_login(moderator)
    response = client.get(reverse("community:member_queue"))
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Inès M." in page and APPLICANT_EMAIL in page
    assert "Membre suspendu" in page


def test_a_pilot_moderator_moderates_the_pilot_rubric_but_not_membership(
    client, pilot_moderator, pending_member, suspended, pilot_rubric, rubric
):
    client.force_login(pilot_moderator)
    # What they moderate: the pilot rubric's reports queue opens, and the rubric is theirs.
    reports = client.get(reverse("community:report_queue"))
    assert reports.status_code == 200
    assert "Membres à valider" not in text_of(reports.content.decode())
    assert "Membres à valider" not in text_of(client.get(rubric_url(pilot_rubric)).content.decode())

    # The sign-up queue: refused, with a French page and no address.
    queue = client.get(reverse("community:member_queue"))
    assert queue.status_code == 403
    page = text_of(queue.content.decode())
    assert "Accès refusé" in page
    assert APPLICANT_EMAIL not in page and "Inès" not in page

    # Deciding on an applicant or reinstating a member through the URL: refused, nothing changes.
    for decision in ("approve", "reject"):
        response = client.post(
            reverse("community:member_decision", args=[pending_member.pk]), {"decision": decision}
        )
        assert response.status_code == 403
        assert status_of(pending_member) == User.Status.PENDING
    response = client.post(reverse("community:member_reinstate", args=[suspended.pk]))
    assert response.status_code == 403
    assert status_of(suspended) == User.Status.SUSPENDED
    assert not ModerationLogEntry.objects.exists()


def test_the_toolbar_and_reports_page_link_the_queue_for_general_moderators_only(
    client, moderator, pilot_moderator, pending_member, rubric, settings
):
    # The forum pages are kept per audience: the link must follow the reader, not the cache.
    settings.COMCEP_PAGE_CACHE_SECONDS = 300
    for member, shown in ((moderator, True), (pilot_moderator, False), (moderator, True)):
        client.force_login(member)
        index = client.get(reverse("forum:index")).content.decode()
        assert ("Membres à valider" in text_of(index)) is shown, member
        reports = text_of(client.get(reverse("community:report_queue")).content.decode())
        assert ("1 membre attend sa validation" in reports) is shown, member


def test_the_log_shows_a_pilot_moderator_their_rubric_and_their_own_actions_only(
    client, moderator, pilot_moderator, pending_member, make_member, make_topic, pilot_rubric
):
    membership.approve(pending_member, actor=moderator)
    refused = make_member("refuse", "Candidat refusé", status=User.Status.PENDING, groups=())
    membership.reject(refused, actor=moderator, reason="Pas un professionnel du CEP")
    author = make_member("auteur", "Auteur du pilote", groups=(COUNSELLORS_GROUP, PILOT_GROUP))
    topic = make_topic(author, subject="Retour pilote", forum=pilot_rubric)
    report = PostReport.objects.create(
        post=topic.first_post, reporter=pilot_moderator, reason=PostReport.Reason.ABUSE
    )
    services.suspend_author(report, pilot_moderator, "Propos injurieux")

    client.force_login(pilot_moderator)
    log = text_of(client.get(reverse("community:log")).content.decode())
    assert "Auteur du pilote" in log and "Propos injurieux" in log
    assert "Inès M." not in log and "Candidat refusé" not in log

    client.force_login(moderator)
    log = text_of(client.get(reverse("community:log")).content.decode())
    assert "Inès M." in log and "Candidat refusé" in log


def test_a_counsellor_and_a_partner_are_refused_the_queue(
    client, rubric, counsellor, partner, pending_member
):
    for member in (counsellor, partner):
        client.force_login(member)
        response = client.get(reverse("community:member_queue"))
        assert response.status_code == 403
        assert APPLICANT_EMAIL not in response.content.decode()
