"""The one-click unsubscribe page says which e-mails it stops and for whose account, and warns a
different member who is signed in that it acts for the link's owner (RFC 8058), not for them."""

import pytest
from django.core import mail
from machina.core.db.models import get_model

from community.notifications.models import Follow, NotificationPreferences
from tests.conftest import text_of

Post = get_model("forum_conversation", "Post")
OWNER_EMAIL = "sophie.martin@francetravail.example"


@pytest.fixture
def owner(make_member):
    return make_member("sophie", "Sophie M. (France Travail)", email=OWNER_EMAIL)


@pytest.fixture
def julien(make_member):
    return make_member("julien", "Julien P. (Apec)", email="julien.p@apec.example")


@pytest.fixture
def reply_email(owner, julien, make_topic, django_capture_on_commit_callbacks):
    """The e-mail the owner gets when someone replies in a topic they follow."""
    topic = make_topic(julien, subject="Financer une VAE")
    Follow.objects.create(user=owner, topic=topic)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.create(topic=topic, poster=julien, content="Voici ma réponse.")
    (message,) = [m for m in mail.outbox if m.to == [OWNER_EMAIL]]
    return message


def unsubscribe_path(message):
    """The address of the e-mail's List-Unsubscribe header, as a mail client follows it."""
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://testserver")


def test_the_page_names_the_subscription_and_whose_it_is_without_the_address(
    client, owner, reply_email
):
    path = unsubscribe_path(reply_email)
    response = client.get(path)
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "Ce lien gère les courriels du compte de Sophie M. (France Travail)." in page
    assert "« Nouvelle réponse dans un sujet suivi »" in page
    assert "nouvelles réponses dans les sujets que ce compte suit, pour tous ces sujets" in page
    assert "Envoyés actuellement Immédiatement" in page
    assert OWNER_EMAIL not in response.content.decode()
    assert "connecté·e en tant que" not in page

    done = client.post(path)
    page = text_of(done.content.decode())
    assert "Désormais envoyés Jamais" in page
    assert (
        "vous ne recevrez plus de courriels pour « Nouvelle réponse dans un sujet suivi »" in page
    )
    assert NotificationPreferences.objects.get(user=owner).reply == "never"
    assert OWNER_EMAIL not in done.content.decode()


def test_the_owner_signed_in_reads_that_it_is_their_account(client, owner, reply_email):
    client.force_login(owner)
    page = text_of(client.get(unsubscribe_path(reply_email)).content.decode())
    assert "Ce lien gère les courriels de votre compte (Sophie M. (France Travail))." in page
    assert "connecté·e en tant que" not in page


def test_another_member_signed_in_is_told_the_link_acts_for_its_owner(
    client, owner, julien, reply_email
):
    client.force_login(julien)
    path = unsubscribe_path(reply_email)
    response = client.get(path)
    html = response.content.decode()
    page = text_of(html)
    assert 'role="alert"' in html
    assert (
        "Vous êtes connecté·e en tant que Julien P. (Apec), mais ce lien a été envoyé à "
        "Sophie M. (France Travail) : il modifie les courriels de Sophie M. (France Travail), "
        "pas les vôtres." in page
    )
    assert "Modifier mes propres préférences de notification" in page
    assert "Désabonner le compte de Sophie M. (France Travail)" in page
    assert OWNER_EMAIL not in html

    done = text_of(client.post(path).content.decode())
    assert "le compte de Sophie M. (France Travail) ne recevra plus de courriels" in done
    assert "Vos propres courriels ne changent pas." in done
    assert NotificationPreferences.objects.get(user=owner).reply == "never"
    assert not NotificationPreferences.objects.filter(user=julien).exists()


def test_a_digest_link_names_the_digest_and_what_stops_with_it(client, owner, portal):
    from community.notifications.emails import unsubscribe_url

    path = unsubscribe_url(owner, "digest:daily").removeprefix("http://testserver")
    page = text_of(client.get(path).content.decode())
    assert "Le résumé quotidien (actualités, offres, vidéos et nouveautés du forum)." in page
    # By default, new topics in followed rubrics and themes come in the daily digest.
    assert (
        "Également envoyés dans ce résumé, et arrêtés avec lui "
        "Nouveau sujet dans une rubrique ou une thématique suivie" in page
    )
    client.post(path)
    preferences = NotificationPreferences.objects.get(user=owner)
    assert (preferences.digest, preferences.new_topic, preferences.reply) == (
        "never",
        "never",
        "immediate",
    )
