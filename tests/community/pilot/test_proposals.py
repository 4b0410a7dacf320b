"""Rubrics and themes defined together: members propose and support, moderators decide."""

from django.core import mail
from django.urls import reverse
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme
from community.pilot.models import Proposal, Support
from tests.conftest import form_fields, page_queries, text_of

Forum = get_model("forum", "Forum")
ForumPermission = get_model("forum_permission", "ForumPermission")
LIST_URL = "/forum/propositions/"


def propose(client, kind="theme", name="Mobilité géographique"):
    return client.post(
        reverse("pilot:proposal_create"),
        {
            "kind": kind,
            "name": name,
            "reason": "Beaucoup de questions sur les aides au déménagement.",
            "examples": "Aide à la mobilité de France Travail",
        },
    )


def test_a_member_proposes_and_supports_once_and_can_withdraw(client, sophie, make_member):
    julien = make_member("julien", "Julien T. (Apec)")
    client.force_login(julien)
    assert propose(client).status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.proposer == julien and proposal.supports.count() == 1

    client.force_login(sophie)
    support_url = reverse("pilot:proposal_support", args=[proposal.pk])
    assert client.get(support_url).status_code == 405
    client.post(support_url)
    client.post(support_url)
    assert Support.objects.filter(proposal=proposal).count() == 2
    page = text_of(client.get(LIST_URL).content.decode())
    assert "2 soutiens" in page and "Retirer mon soutien" in page

    client.post(reverse("pilot:proposal_withdraw", args=[proposal.pk]))
    assert not Support.objects.filter(proposal=proposal, member=sophie).exists()
    assert "1 soutien" in text_of(client.get(LIST_URL).content.decode())


def test_a_proposal_form_with_errors_is_french_and_keeps_the_text(client, sophie, portal):
    Theme.objects.create(name="Formation")
    client.force_login(sophie)
    response = propose(client, name="formation")
    assert response.status_code == 200
    assert "Cette thématique existe déjà" in text_of(response.content.decode())
    assert "Beaucoup de questions" in response.content.decode()


def test_the_list_orders_by_support_with_constant_queries(client, sophie, make_member):
    members = [make_member(f"membre{i}", f"Membre {i}") for i in range(6)]

    def add(name, supporters):
        proposal = Proposal.objects.create(
            kind="theme", name=name, reason="Parce que", proposer=members[0]
        )
        for member in supporters:
            Support.objects.create(proposal=proposal, member=member)

    add("Peu soutenue", members[:1])
    add("Très soutenue", members[:4])
    client.force_login(sophie)
    small, response = page_queries(client, LIST_URL)
    text = text_of(response.content.decode())
    assert text.index("Très soutenue") < text.index("Peu soutenue")
    assert "4 soutiens" in text

    for index in range(8):
        add(f"Proposition {index}", members[: index % 6])
    large, response = page_queries(client, LIST_URL)
    text = text_of(response.content.decode())
    assert text.index("Très soutenue") < text.index("Proposition 0")
    assert small == large


def test_members_only(client, portal, make_member):
    assert client.get(LIST_URL).status_code == 302
    client.force_login(make_member("ines", "Inès", groups=(), status="pending"))
    assert client.get(LIST_URL).status_code == 403


def test_a_moderator_accepts_a_theme_which_can_be_chosen_on_a_new_topic(
    client, sophie, moderator, rubric, django_capture_on_commit_callbacks
):
    proposal = Proposal.objects.create(
        kind="theme", name="Mobilité géographique", reason="Pour les déménagements", proposer=sophie
    )
    client.force_login(moderator)
    decision_url = reverse("pilot:proposal_decision", args=[proposal.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decision_url, {"decision": "accept"})
    assert response.status_code == 302

    theme = Theme.objects.get(name="Mobilité géographique")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.theme == theme
    assert mail.outbox[0].to == [sophie.email] and "acceptée" in mail.outbox[0].subject

    client.force_login(sophie)
    new_topic = reverse(
        "forum_conversation:topic_create",
        kwargs={"forum_slug": rubric.slug, "forum_pk": rubric.pk},
    )
    page = client.get(new_topic).content.decode()
    assert "Mobilité géographique" in page
    data = form_fields(page)
    data.update(subject="Aide au déménagement", content="Qui connaît l’aide ?", themes=theme.pk)
    client.post(new_topic, data)
    assert get_model("forum_conversation", "Topic").objects.get(themes=theme)


def test_a_moderator_accepts_a_rubric_with_the_default_permissions(
    client, sophie, moderator, rubric, django_capture_on_commit_callbacks
):
    proposal = Proposal.objects.create(
        kind="rubric", name="Créer son activité", reason="Les créateurs", proposer=sophie
    )
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pilot:proposal_decision", args=[proposal.pk]), {"decision": "accept"})
    forum = Forum.objects.get(name="Créer son activité")
    assert forum.type == Forum.FORUM_POST
    client.force_login(sophie)
    new_topic = reverse(
        "forum_conversation:topic_create", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )
    assert client.get(new_topic).status_code == 200
    client.logout()
    assert client.get(reverse("forum:forum", args=[forum.slug, forum.pk])).status_code == 200


def test_a_decline_needs_a_reason_and_tells_the_proposer(
    client, sophie, moderator, rubric, django_capture_on_commit_callbacks
):
    proposal = Proposal.objects.create(
        kind="theme", name="Divers", reason="Pour le reste", proposer=sophie
    )
    client.force_login(moderator)
    url = reverse("pilot:proposal_decision", args=[proposal.pk])
    response = client.post(url, {"decision": "decline"})
    assert "Dites pourquoi" in text_of(response.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "decline", "reason": "Trop vague : précisez le sujet."})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECLINED
    assert not Theme.objects.filter(name="Divers").exists()
    assert "Trop vague" in mail.outbox[0].body and mail.outbox[0].to == [sophie.email]


def test_a_counsellor_cannot_decide(client, sophie, make_member, rubric):
    julien = make_member("julien", "Julien T. (Apec)")
    proposal = Proposal.objects.create(kind="theme", name="X", reason="Y", proposer=julien)
    client.force_login(sophie)
    url = reverse("pilot:proposal_decision", args=[proposal.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "accept"}).status_code == 403
    assert not Theme.objects.filter(name="X").exists()
    assert "Décider" not in text_of(client.get(LIST_URL).content.decode())
