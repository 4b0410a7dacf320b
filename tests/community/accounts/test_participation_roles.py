"""Supporting proposals and following discussions are for members who take part: partners (read
only) and pending members are refused on the server and see no button; counsellors may."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from community.notifications.models import Follow
from community.pilot.models import Proposal, Support
from tests.community.helpers import rubric_url, topic_url
from tests.conftest import text_of

PROPOSALS_URL = "/forum/propositions/"
FOLLOW_URL = "/notifications/suivre/"


def main_text(response):
    """The text of the page's main content (the footer links to the proposals for everyone)."""
    return text_of(str(BeautifulSoup(response.content.decode(), "html.parser").select_one("main")))


@pytest.fixture
def proposal(make_member):
    author = make_member("auteur", "Auteur de la proposition")
    proposal = Proposal.objects.create(
        kind="theme", name="Mobilité géographique", reason="Des questions", proposer=author
    )
    Support.objects.create(proposal=proposal, member=author)
    return proposal


@pytest.fixture
def roles(counsellor, partner, pending_member):
    return {"counsellor": counsellor, "partner": partner, "pending": pending_member}


@pytest.fixture
def followables(make_topic, counsellor, rubric, themes):
    topic = make_topic(counsellor)
    return {"topic": topic, "forum": rubric, "theme": themes[0]}


# --- Proposals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("counsellor", 302), ("partner", 403), ("pending", 403)]
)
def test_supporting_a_proposal_through_its_url(client, roles, proposal, role, status):
    client.force_login(roles[role])
    response = client.post(f"/forum/propositions/{proposal.pk}/soutenir/")
    assert response.status_code == status
    supported = Support.objects.filter(proposal=proposal, member=roles[role]).exists()
    assert supported is (status == 302)
    if status == 403:
        assert "Accès refusé" in text_of(response.content.decode())


@pytest.mark.parametrize(
    ("role", "status"), [("counsellor", 302), ("partner", 403), ("pending", 403)]
)
def test_proposing_through_the_form_url(client, roles, portal, role, status):
    client.force_login(roles[role])
    response = client.post(
        "/forum/propositions/nouvelle/",
        {"kind": "theme", "name": "Reconversion des seniors", "reason": "Beaucoup de questions."},
    )
    assert response.status_code == status
    assert Proposal.objects.filter(name="Reconversion des seniors").exists() is (status == 302)


def test_the_list_shows_the_buttons_to_counsellors_and_a_notice_to_partners(
    client, counsellor, partner, proposal
):
    client.force_login(counsellor)
    page = main_text(client.get(PROPOSALS_URL))
    assert "Proposer une rubrique ou une thématique" in page and "Soutenir" in page

    client.force_login(partner)
    response = client.get(PROPOSALS_URL)
    assert response.status_code == 200
    page = main_text(response)
    assert "Mobilité géographique" in page  # partners read the proposals
    assert "Soutenir" not in page and "Proposer une rubrique ou une thématique" not in page
    assert "proposer et soutenir sont réservés aux conseillers" in page
    assert f"/forum/propositions/{proposal.pk}/soutenir/" not in response.content.decode()


def test_a_partner_who_supported_before_may_still_withdraw(client, partner, proposal):
    Support.objects.create(proposal=proposal, member=partner)
    client.force_login(partner)
    assert "Retirer mon soutien" in text_of(client.get(PROPOSALS_URL).content.decode())
    response = client.post(f"/forum/propositions/{proposal.pk}/retirer/")
    assert response.status_code == 302
    assert not Support.objects.filter(member=partner).exists()


def test_the_pending_member_cannot_open_the_proposals(client, pending_member, proposal):
    client.force_login(pending_member)
    response = client.get(PROPOSALS_URL)
    assert response.status_code == 403
    assert "Votre adhésion attend la validation d’un modérateur" in main_text(response)


# --- Follows -----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["topic", "forum", "theme"])
@pytest.mark.parametrize(
    ("role", "status"), [("counsellor", 302), ("partner", 403), ("pending", 403)]
)
def test_following_through_its_url(client, roles, followables, target, role, status):
    member = roles[role]
    client.force_login(member)
    response = client.post(FOLLOW_URL, {"target": target, "pk": followables[target].pk})
    assert response.status_code == status
    assert Follow.objects.filter(user=member).exists() is (status == 302)
    if status == 403:
        assert "Accès refusé" in text_of(response.content.decode())


@pytest.mark.parametrize(
    ("role", "status"), [("counsellor", 302), ("partner", 403), ("pending", 403)]
)
def test_machinas_topic_subscription_url_is_following_too(client, roles, followables, role, status):
    member, topic = roles[role], followables["topic"]
    client.force_login(member)
    response = client.post(reverse("forum_member:topic_subscribe", args=[topic.pk]))
    assert response.status_code == status
    assert Follow.objects.filter(user=member, topic=topic).exists() is (status == 302)
    assert not topic.subscribers.exists()  # one follow mechanism: machina's list stays empty


@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "members' cache"])
def test_follow_buttons_are_shown_to_counsellors_only(client, roles, followables, settings, cached):
    settings.COMCEP_PAGE_CACHE_SECONDS = 300 if cached else 0
    pages = [
        topic_url(followables["topic"]),
        rubric_url(followables["forum"]),
        reverse("community:theme", args=[followables["theme"].slug]),
    ]
    for role in ("counsellor", "partner", "pending", "counsellor"):
        client.force_login(roles[role])
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert ("follow-form" in response.content.decode()) is (role == "counsellor"), (
                role,
                url,
            )


def test_a_partner_who_followed_before_may_stop_following(client, partner, followables):
    topic = followables["topic"]
    Follow.objects.create(user=partner, topic=topic)
    client.force_login(partner)
    page = text_of(client.get(topic_url(topic)).content.decode())
    assert "Ne plus suivre ce sujet" in page and "Suivre ce sujet" not in page.replace(
        "Ne plus suivre ce sujet", ""
    )
    response = client.post(FOLLOW_URL, {"target": "topic", "pk": topic.pk, "action": "unfollow"})
    assert response.status_code == 302
    assert not Follow.objects.filter(user=partner).exists()
