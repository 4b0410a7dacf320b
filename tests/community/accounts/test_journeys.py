"""Membership and moderation journeys, through the real pages and e-mails."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.http import HttpRequest
from django.urls import reverse
from machina.core.db.models import get_model

from community.accounts.models import OperatorEmailDomain
from community.moderation.models import ModerationLogEntry, PostReport
from tests.community.helpers import reply_url, topic_create_url, topic_url
from tests.conftest import PASSWORD, form_fields, text_of

User = get_user_model()
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def sign_up(client, operator, region, email="ines.moreau@structure.example", **overrides):
    page = client.get(reverse("accounts:sign_up"))
    assert page.status_code == 200
    data = form_fields(page.content.decode())
    data.update(
        first_name="Inès",
        last_name="Moreau",
        display_name="Inès M. (France Travail)",
        email=email,
        username="ines",
        operator=str(operator.pk),
        structure="France Travail Caen",
        region=str(region.pk),
        job="Conseillère",
        password1=PASSWORD,
        password2=PASSWORD,
        accept_charter="on",
    )
    data.update(overrides)
    return client.post(reverse("accounts:sign_up"), data)


def confirmation_link():
    body = mail.outbox[-1].body
    return re.search(r"http://testserver(/comptes/confirmation/\S+/)", body).group(1)


def create_topic(client, forum, subject, content, themes=()):
    url = topic_create_url(forum)
    data = form_fields(client.get(url).content.decode(), "form.topic-form")
    data.update(subject=subject, content=content)
    if themes:
        data["themes"] = [str(theme.pk) for theme in themes]
    return client.post(url, data)


def test_sign_up_confirm_wait_for_approval_then_post(
    client, rubric, operator, region, moderator, settings
):
    settings.COMCEP_PREMODERATED_POSTS = 0
    response = sign_up(client, operator, region)
    assert response.status_code == 302
    done = text_of(client.get(response.url).content.decode())
    assert "lien de confirmation à ines.moreau@structure.example" in done
    member = User.objects.get(username="ines")
    assert member.status == User.Status.PENDING and not member.is_active
    assert member.charter_accepted_at is not None
    assert mail.outbox[-1].to == ["ines.moreau@structure.example"]

    # Before confirming, signing in is refused with a clear message.
    refused = client.post(
        reverse("accounts:login"),
        {"username": "ines.moreau@structure.example", "password": PASSWORD},
    )
    assert "Confirmez d’abord votre adresse électronique" in text_of(refused.content.decode())

    landing = client.get(confirmation_link(), follow=True)
    assert "Un modérateur va maintenant vérifier votre adhésion" in text_of(
        landing.content.decode()
    )
    member.refresh_from_db()
    assert member.email_confirmed and member.is_active and member.is_pending

    # Pending: reads the rubric, cannot post.
    rubric_page = client.get(reverse("forum:forum", kwargs={"slug": rubric.slug, "pk": rubric.pk}))
    assert rubric_page.status_code == 200
    assert "Votre adhésion attend la validation" in text_of(rubric_page.content.decode())
    assert client.get(topic_create_url(rubric)).status_code == 403

    # A moderator approves from the members queue.
    client.force_login(moderator)
    queue = client.get(reverse("community:member_queue"))
    assert "Inès M. (France Travail)" in text_of(queue.content.decode())
    response = client.post(
        reverse("community:member_decision", kwargs={"pk": member.pk}), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert ModerationLogEntry.objects.filter(
        action="approve_member", member=member, actor=moderator
    ).exists()

    client.force_login(member)
    response = create_topic(client, rubric, "Bonjour de Caen", "Nouvelle conseillère, ravie !")
    assert response.status_code == 302
    topic = Topic.objects.get(subject="Bonjour de Caen")
    assert topic.approved
    assert "Nouvelle conseillère, ravie !" in text_of(client.get(topic_url(topic)).content.decode())


def test_allow_listed_domain_is_approved_at_once(client, rubric, operator, region, settings):
    settings.COMCEP_PREMODERATED_POSTS = 0
    OperatorEmailDomain.objects.create(operator=operator, domain="francetravail.fr")
    sign_up(client, operator, region, email="ines.moreau@FranceTravail.fr")
    landing = client.get(confirmation_link(), follow=True)
    assert "votre compte est actif" in text_of(landing.content.decode())
    member = User.objects.get(username="ines")
    assert member.status == User.Status.APPROVED
    assert member.groups.filter(name="Conseillers").exists()
    assert client.get(topic_create_url(rubric)).status_code == 200


def test_sign_up_errors_are_french_and_keep_what_was_typed(client, rubric, operator, region):
    response = sign_up(client, operator, region, accept_charter="", password2="autre-chose")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "Vous devez accepter la charte de la communauté pour la rejoindre." in text
    assert form_fields(html)["structure"] == "France Travail Caen"
    assert not User.objects.filter(username="ines").exists()


def test_new_members_first_posts_are_premoderated(
    client, rubric, operator, region, moderator, settings, make_topic, make_member
):
    settings.COMCEP_PREMODERATED_POSTS = 1
    OperatorEmailDomain.objects.create(operator=operator, domain="francetravail.fr")
    sign_up(client, operator, region, email="ines@francetravail.fr")
    client.get(confirmation_link())
    member = User.objects.get(username="ines")

    response = create_topic(client, rubric, "Première question", "Texte relu avant publication")
    assert response.status_code == 302
    topic = Topic.objects.get(subject="Première question")
    assert not topic.approved
    rubric_page = client.get(reverse("forum:forum", kwargs={"slug": rubric.slug, "pk": rubric.pk}))
    assert "Première question" not in text_of(rubric_page.content.decode())

    client.force_login(moderator)
    queue = client.get(reverse("forum_moderation:queue"))
    assert "Première question" in text_of(queue.content.decode())
    head = topic.posts.get()
    client.post(reverse("forum_moderation:approve_queued_post", kwargs={"pk": head.pk}))
    topic.refresh_from_db()
    assert topic.approved

    # The next post is published at once.
    client.force_login(member)
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Deuxième message, publié directement"
    client.post(reply_url(topic), data)
    assert Post.objects.get(content="Deuxième message, publié directement").approved


@pytest.fixture
def reported(rubric, make_member, make_topic):
    author = make_member("auteur", "Auteur fâché")
    reader = make_member("lecteur", "Lecteur attentif")
    topic = make_topic(author, subject="Un sujet tendu", content="Propos inacceptables ici")
    return author, reader, topic, topic.first_post


def report(client, reader, post):
    client.force_login(reader)
    url = reverse("community:report_post", kwargs={"post_pk": post.pk})
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"reason": "abuse", "comment": "Ton agressif"})
    assert response.status_code == 302
    return PostReport.objects.get(post=post)


def test_report_reaches_the_queue_and_the_post_is_hidden(client, reported, moderator):
    author, reader, topic, post = reported
    client.force_login(reader)
    assert "Signaler" in text_of(client.get(topic_url(topic)).content.decode())
    # An empty reason is refused in French, the comment is kept.
    bad = client.post(
        reverse("community:report_post", kwargs={"post_pk": post.pk}), {"comment": "Ton agressif"}
    )
    assert "Choisissez un motif." in text_of(bad.content.decode())
    assert "Ton agressif" in bad.content.decode()
    the_report = report(client, reader, post)

    client.force_login(moderator)
    queue = text_of(client.get(reverse("community:report_queue")).content.decode())
    assert "Insultant ou irrespectueux" in queue and "Ton agressif" in queue
    response = client.post(
        reverse("community:report_action", kwargs={"pk": the_report.pk}),
        {"action": "hide", "message": "Contraire à la charte"},
    )
    assert response.status_code == 302
    the_report.refresh_from_db()
    assert the_report.status == PostReport.Status.RESOLVED and the_report.handled_by == moderator
    entry = ModerationLogEntry.objects.get(action="hide_post")
    assert entry.actor == moderator and entry.member == author
    log = text_of(client.get(reverse("community:log")).content.decode())
    assert "a masqué un message" in log and "Un sujet tendu" in log

    client.force_login(reader)
    html = client.get(topic_url(topic)).content.decode()
    assert "Propos inacceptables ici" not in html
    assert f'id="{post.pk}"' not in html
    assert topic.subject in text_of(html)


def test_warning_needs_a_message_and_is_emailed(client, reported, moderator):
    author, reader, topic, post = reported
    the_report = report(client, reader, post)
    client.force_login(moderator)
    url = reverse("community:report_action", kwargs={"pk": the_report.pk})
    response = client.post(url, {"action": "warn", "message": ""})
    assert response.status_code == 200
    assert "Écrivez le message que l’auteur recevra." in text_of(response.content.decode())
    client.post(url, {"action": "warn", "message": "Merci de rester courtois."})
    assert mail.outbox[-1].to == [author.email]
    assert "Merci de rester courtois." in mail.outbox[-1].body
    assert ModerationLogEntry.objects.filter(action="warn_member", member=author).exists()


def test_suspended_member_can_neither_post_nor_sign_in(client, reported, moderator, rubric):
    author, reader, topic, post = reported
    the_report = report(client, reader, post)
    client.force_login(moderator)
    client.post(
        reverse("community:report_action", kwargs={"pk": the_report.pk}),
        {"action": "suspend", "message": "Insultes répétées."},
    )
    author.refresh_from_db()
    assert author.status == User.Status.SUSPENDED
    assert ModerationLogEntry.objects.filter(action="suspend_member", member=author).exists()

    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": author.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Votre compte est suspendu" in text_of(response.content.decode())
    assert "_auth_user_id" not in client.session

    # Even a session opened before the suspension cannot post any more.
    client.force_login(author)
    assert client.get(topic_create_url(rubric)).status_code in (302, 403)
    assert client.get(reply_url(topic)).status_code in (302, 403)

    # A moderator reinstates the member, who can sign in again.
    client.force_login(moderator)
    queue = text_of(client.get(reverse("community:member_queue")).content.decode())
    assert "Membres suspendus" in queue and "Auteur fâché" in queue
    client.post(reverse("community:member_reinstate", kwargs={"pk": author.pk}))
    client.logout()
    assert client.login(request=HttpRequest(), username=author.email, password=PASSWORD)
    assert ModerationLogEntry.objects.filter(action="reinstate_member", member=author).exists()


def test_dismissed_report_leaves_the_post_visible(client, reported, moderator):
    author, reader, topic, post = reported
    the_report = report(client, reader, post)
    client.force_login(moderator)
    client.post(
        reverse("community:report_action", kwargs={"pk": the_report.pk}), {"action": "dismiss"}
    )
    the_report.refresh_from_db()
    assert the_report.status == PostReport.Status.DISMISSED
    assert "Propos inacceptables ici" in text_of(client.get(topic_url(topic)).content.decode())
    assert "Aucun signalement à traiter" in text_of(
        client.get(reverse("community:report_queue")).content.decode()
    )


def test_member_edits_profile_then_deletes_account(client, reported, operator, region):
    author, reader, topic, post = reported
    client.force_login(author)
    data = form_fields(client.get(reverse("accounts:profile")).content.decode())
    data.update(
        first_name="Alex",
        last_name="Martin",
        display_name="Alex M.",
        operator=str(operator.pk),
        region=str(region.pk),
        structure="France Travail Rennes",
        job="Conseiller CEP",
    )
    assert client.post(reverse("accounts:profile"), data).status_code == 302
    profile = text_of(
        client.get(reverse("forum_member:profile", kwargs={"pk": author.pk})).content.decode()
    )
    assert "France Travail" in profile and "Bretagne" in profile and "Conseiller CEP" in profile
    assert author.email not in profile

    wrong = client.post(reverse("accounts:delete_account"), {"password": "faux"})
    assert "Ce n’est pas votre mot de passe." in text_of(wrong.content.decode())
    client.post(reverse("accounts:delete_account"), {"password": PASSWORD})
    author.refresh_from_db()
    assert author.status == User.Status.DELETED and not author.email
    page = text_of(client.get(topic_url(topic)).content.decode())
    assert "Propos inacceptables ici" in page
    assert "Membre supprimé" in page and "Alex M." not in page
