"""Who may do what, checked through real requests: status code and what the page shows."""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from tests.community.helpers import (
    post_update_url,
    reply_url,
    rubric_url,
    topic_create_url,
    topic_url,
)
from tests.conftest import text_of

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")

ROLES = ("anonymous", "pending", "counsellor", "pilot", "moderator", "partner")

ALLOW, DENY, LOGIN = "allow", "deny", "login"

# action -> expected outcome per role, in the order of ROLES.
MATRIX = {
    "read public rubric": (ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "read pilot rubric": (LOGIN, DENY, DENY, ALLOW, DENY, DENY),
    "create a topic": (LOGIN, DENY, ALLOW, ALLOW, ALLOW, DENY),
    "reply": (LOGIN, DENY, ALLOW, ALLOW, ALLOW, DENY),
    "edit someone else's post": (LOGIN, DENY, DENY, DENY, ALLOW, DENY),
    "approve a post": (LOGIN, DENY, DENY, DENY, ALLOW, DENY),
    "lock a topic": (LOGIN, DENY, DENY, DENY, ALLOW, DENY),
    "open the moderation queue": (LOGIN, DENY, DENY, DENY, ALLOW, DENY),
    "see a member's e-mail": (LOGIN, DENY, DENY, DENY, ALLOW, DENY),
}


@pytest.fixture
def world(
    rubric,
    pilot_rubric,
    make_member,
    make_topic,
    pending_member,
    moderator,
    pilot_counsellor,
    partner,
):
    author = make_member("auteur", "Auteur du sujet")
    counsellor = make_member("julien", "Julien L. (Apec)")
    topic = make_topic(author, subject="Sujet public", content="Contenu public du sujet")
    pilot_topic = make_topic(
        pilot_counsellor, subject="Sujet du pilote", content="Secret du pilote", forum=pilot_rubric
    )
    waiting = Post.objects.create(
        topic=topic, poster=author, subject="Re: Sujet public", content="En attente", approved=False
    )
    reply = Post.objects.create(
        topic=topic, poster=author, subject="Re: Sujet public", content="Réponse publiée"
    )
    users = {
        "anonymous": None,
        "pending": pending_member,
        "counsellor": counsellor,
        "pilot": pilot_counsellor,
        "moderator": moderator,
        "partner": partner,
    }
    return {
        "users": users,
        "rubric": rubric,
        "pilot_rubric": pilot_rubric,
        "topic": topic,
        "pilot_topic": pilot_topic,
        "waiting": waiting,
        "reply": reply,
        "pending": pending_member,
    }


def attempt(client, action, w):
    """Perform ``action``; return (response, marker expected on the page when allowed)."""
    topic = w["topic"]
    if action == "read public rubric":
        return client.get(rubric_url(w["rubric"])), "Sujet public"
    if action == "read pilot rubric":
        return client.get(rubric_url(w["pilot_rubric"])), "Sujet du pilote"
    if action == "create a topic":
        return client.get(topic_create_url(w["rubric"])), "Lancer un nouveau sujet"
    if action == "reply":
        return client.get(reply_url(topic)), "Contenu public du sujet"
    if action == "edit someone else's post":
        return client.get(post_update_url(w["reply"])), "Réponse publiée"
    if action == "approve a post":
        return (
            client.get(
                reverse("forum_moderation:approve_queued_post", kwargs={"pk": w["waiting"].pk})
            ),
            "Approuver",
        )
    if action == "lock a topic":
        return (
            client.get(
                reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk})
            ),
            "Verrouiller",
        )
    if action == "open the moderation queue":
        return client.get(reverse("community:report_queue")), "Messages signalés"
    if action == "see a member's e-mail":
        return client.get(reverse("community:member_queue")), w["pending"].email
    raise AssertionError(action)


@pytest.mark.parametrize("action", list(MATRIX))
def test_permission_matrix(client, world, action):
    for role, expected in zip(ROLES, MATRIX[action], strict=True):
        client.logout()
        user = world["users"][role]
        if user is not None:
            client.force_login(user)
        response, marker = attempt(client, action, world)
        label = f"{role} / {action}"
        if expected == ALLOW:
            assert response.status_code == 200, label
            assert marker in text_of(response.content.decode()), label
        elif expected == LOGIN:
            assert response.status_code == 302, label
            assert response.url.startswith(reverse("accounts:login")), label
        else:
            assert response.status_code == 403, label
            assert marker not in response.content.decode(), label


def test_nobody_sees_an_email_on_public_profiles(client, world):
    pending = world["pending"]
    profile = reverse("forum_member:profile", kwargs={"pk": pending.pk})
    for role in ROLES:
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        response = client.get(profile)
        assert response.status_code == 200, role
        assert pending.email not in response.content.decode(), role


def test_pilot_rubric_is_hidden_from_the_index_of_non_members(client, world):
    assert "Groupe pilote" not in text_of(client.get("/forum/").content.decode())
    client.force_login(world["users"]["counsellor"])
    assert "Groupe pilote" not in text_of(client.get("/forum/").content.decode())
    client.force_login(world["users"]["pilot"])
    assert "Groupe pilote" in text_of(client.get("/forum/").content.decode())


def test_anonymous_reading_can_be_switched_off(client, world, settings):
    from community.accounts.roles import apply_forum_permissions

    settings.COMCEP_FORUM_ANONYMOUS_READ = False
    assert apply_forum_permissions() > 0
    response = client.get(rubric_url(world["rubric"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert client.get(topic_url(world["topic"])).status_code == 302
    client.force_login(world["users"]["pending"])
    assert client.get(rubric_url(world["rubric"])).status_code == 200

    settings.COMCEP_FORUM_ANONYMOUS_READ = True
    apply_forum_permissions()
    client.logout()
    assert client.get(rubric_url(world["rubric"])).status_code == 200


def test_roles_are_idempotent(world):
    from community.accounts.roles import apply_forum_permissions

    assert apply_forum_permissions() == 0


def test_rights_do_not_depend_on_the_order_rubrics_were_created_in(portal, make_member, make_topic):
    """A private rubric created first must not take the public rubrics after it away."""
    from community.accounts.roles import PILOT_RUBRIC_SLUG, apply_forum_permissions

    pilot = Forum.objects.create(name="Groupe pilote", slug=PILOT_RUBRIC_SLUG, type=Forum.FORUM_CAT)
    Forum.objects.create(name="Retours", type=Forum.FORUM_POST, parent=pilot)
    category = Forum.objects.create(name="Pratiquer le CEP", type=Forum.FORUM_CAT)
    public = Forum.objects.create(name="Accueil", type=Forum.FORUM_POST, parent=category)
    apply_forum_permissions()
    counsellor = make_member("julien", "Julien L.")
    topic = make_topic(counsellor, subject="Sujet après la rubrique privée", forum=public)

    from django.test import Client

    client = Client()
    client.force_login(counsellor)
    assert "Sujet après la rubrique privée" in text_of(
        client.get("/forum/sujets/").content.decode()
    )
    assert client.get(topic_url(topic)).status_code == 200
    assert client.get(rubric_url(public)).status_code == 200
    assert client.get(topic_create_url(public)).status_code == 200
    assert client.get(rubric_url(pilot)).status_code == 403
