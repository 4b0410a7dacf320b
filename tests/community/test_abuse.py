"""Abuse controls, through the real pages: sign-in lockout, rate limits, size caps, no account
enumeration at sign-up. The limits are the real ones (cms/settings/base.py); the rate-limit
counters are cleared before each test (tests/conftest.py)."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from community.moderation.models import PostReport
from tests.community.accounts.test_journeys import sign_up
from tests.community.helpers import reply_url, topic_create_url
from tests.conftest import PASSWORD, form_fields, text_of

User = get_user_model()
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

LOCKED = "Connexion temporairement bloquée"
TOO_MANY = "Trop de tentatives"


@pytest.fixture(autouse=True)
def one_rate_limit_window(monkeypatch):
    """Rate limits count in fixed windows (a minute, an hour): hold the limits' clock still, so
    that a burst of requests never straddles two windows and the counts are exact."""
    import time

    import django_ratelimit.core

    now = int(time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", type("Clock", (), {"time": lambda: now}))


# The address an agency's members share, which an attacker uses too; and another address.
AGENCY = "198.51.100.20"
ELSEWHERE = "203.0.113.7"


def sign_in(client, name, password, url=None, address=AGENCY):
    """Send the sign-in form (the site's by default) from ``address``."""
    return client.post(
        url or reverse("accounts:login"),
        {"username": name, "password": password},
        REMOTE_ADDR=address,
    )


def signed_in_as(client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def julien(make_member):
    return make_member(
        "julien", "Julien L. (Apec)", email="julien.leroy@apec.example", operator=None
    )


# Sign-in lockout: per sign-in name (the e-mail address) *and* address


def test_fifty_wrong_passwords_lock_the_name_from_that_address_only(
    client, portal, julien, settings
):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 10
    # The attacker types the address in any case: it is one sign-in name.
    names = [julien.email, julien.email.upper(), f" {julien.email.title()} "]

    statuses = [sign_in(client, names[i % 3], f"faux-{i}").status_code for i in range(50)]

    # The first nine failures are told apart as wrong passwords; from the tenth on, locked.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert statuses[limit - 1 :] == [429] * (50 - limit + 1)
    right = sign_in(client, julien.email, PASSWORD)
    assert right.status_code == 429
    text = text_of(right.content.decode())
    assert LOCKED in text
    assert "Trop de tentatives de connexion échouées avec cette adresse électronique" in text
    assert "bloquée pendant 15 minutes" in text
    assert "ComCep" in text  # the site's layout
    assert signed_in_as(client) is None
    # Locked: the answer is the same whether the password was right or not.
    wrong = sign_in(client, julien.email, "encore-faux")
    assert text_of(wrong.content.decode()) == text

    # Julien, from his own network, with the right password: signed in.
    home = sign_in(client, julien.email, PASSWORD, address=ELSEWHERE)
    assert home.status_code == 302
    assert signed_in_as(client) == str(julien.pk)


def test_an_agency_address_with_an_attacked_account_does_not_block_its_other_members(
    client, portal, julien, counsellor, make_member
):
    colleague = make_member("marc", "Marc L. (Apec)", email="marc.lefevre@apec.example")
    for i in range(50):
        sign_in(client, julien.email, f"faux-{i}")
    assert sign_in(client, julien.email, PASSWORD).status_code == 429

    # Behind the same address, the other members sign in with their right password.
    for member in (counsellor, colleague):
        response = sign_in(client, member.email, PASSWORD)
        assert response.status_code == 302, member
        assert signed_in_as(client) == str(member.pk)
        client.logout()
    # A colleague's own typo is only a wrong password, then the right one goes through.
    assert sign_in(client, colleague.email, "faute-de-frappe").status_code == 200
    assert sign_in(client, colleague.email, PASSWORD).status_code == 302


def test_failures_across_many_names_never_block_the_address(client, portal, counsellor):
    # Password spraying from the agency's address: one wrong password for many names, none of
    # them locked; the address itself is never blocked, so its members still sign in.
    statuses = [
        sign_in(client, f"membre-{i}@operateur.example", "Printemps2026").status_code
        for i in range(60)
    ]
    assert statuses == [200] * 60
    assert sign_in(client, counsellor.email, PASSWORD).status_code == 302
    assert signed_in_as(client) == str(counsellor.pk)


def test_attempts_during_the_lockout_do_not_extend_it(client, portal, julien, settings):
    for i in range(10):
        sign_in(client, julien.email, f"faux-{i}")
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == (julien.email, AGENCY)
    assert attempt.failures_since_start == 10

    # One minute of the lockout left; twenty more attempts (the right password among them).
    almost_over = timezone.now() - settings.AXES_COOLOFF_TIME + timezone.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=almost_over)
    for i in range(20):
        response = sign_in(client, julien.email, PASSWORD if i % 5 == 0 else f"encore-{i}")
        assert response.status_code == 429
    assert "bloquée pendant 1 minute." in text_of(response.content.decode())
    assert 50 <= int(response["Retry-After"]) <= 60
    attempt.refresh_from_db()
    assert attempt.attempt_time == almost_over and attempt.failures_since_start == 10

    # The minute passes: the lockout ends when it said it would.
    AccessAttempt.objects.update(
        attempt_time=almost_over - timezone.timedelta(minutes=1, seconds=1)
    )
    assert sign_in(client, julien.email, PASSWORD).status_code == 302
    assert signed_in_as(client) == str(julien.pk)


def test_a_suspended_member_locked_out_learns_nothing_from_the_right_password(
    client, portal, make_member
):
    member = make_member("suspendu", status=User.Status.SUSPENDED, is_active=False)
    for i in range(10):
        sign_in(client, member.email, f"faux-{i}")
    response = sign_in(client, member.email, PASSWORD)
    assert response.status_code == 429
    assert "suspendu par les modérateurs" not in text_of(response.content.decode())


def test_an_unknown_address_is_locked_the_same_way(client, portal):
    for i in range(10):
        sign_in(client, "personne@nulle.example", f"faux-{i}")
    response = sign_in(client, "personne@nulle.example", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in text_of(response.content.decode())


def test_the_lockout_ends_after_the_cool_off(client, portal, counsellor, settings):
    for i in range(10):
        sign_in(client, counsellor.email, f"faux-{i}")
    assert sign_in(client, counsellor.email, PASSWORD).status_code == 429

    # As if the cool-off period had passed since the last failure.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timezone.timedelta(minutes=1)
    )
    response = sign_in(client, counsellor.email, PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client) == str(counsellor.pk)


def test_wagtail_and_django_admin_sign_in_are_locked_too(client, portal, make_member):
    admin = make_member("admin", "Administratrice", is_staff=True, is_superuser=True)
    for i in range(10):
        sign_in(client, admin.email, f"faux-{i}", url="/admin/login/")

    for url in ("/admin/login/", "/django-admin/login/", reverse("accounts:login")):
        response = sign_in(client, admin.email, PASSWORD, url=url)
        assert response.status_code == 429, url
        assert LOCKED in text_of(response.content.decode()), url
        assert signed_in_as(client) is None
        # From another address, the same form signs the administrator in.
        assert sign_in(client, admin.email, PASSWORD, url=url, address=ELSEWHERE).status_code == 302
        client.logout()


def test_a_new_password_by_email_lifts_the_lockout(client, portal, counsellor):
    for i in range(10):
        sign_in(client, counsellor.email, f"faux-{i}")
    assert sign_in(client, counsellor.email, PASSWORD).status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": counsellor.email})
    link = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", mail.outbox[-1].body)
    form_page = client.get(link.group(1), follow=True)
    new_password = "Un-tout-nouveau-secret-2026"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert not AccessAttempt.objects.exists()
    assert sign_in(client, counsellor.email, new_password).status_code == 302


# Posting


def reply(client, topic, content):
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = content
    return client.post(reply_url(topic), data)


def test_the_eleventh_post_in_a_minute_is_refused_in_french_and_nothing_is_saved(
    client, counsellor, make_topic
):
    topic = make_topic(counsellor)
    client.force_login(counsellor)

    statuses = [reply(client, topic, f"Réponse numéro {i}").status_code for i in range(10)]
    assert statuses == [302] * 10
    response = reply(client, topic, "Une onzième réponse, trop rapide")

    assert response.status_code == 429
    html = response.content.decode()
    text = text_of(html)
    assert TOO_MANY in text
    assert "Rien n’a été enregistré" in text
    assert "Réessayez dans 1 minute" in text
    assert "Une onzième réponse, trop rapide" in html  # shown back, to copy
    assert not Post.objects.filter(content="Une onzième réponse, trop rapide").exists()
    assert topic.posts.count() == 11

    # A new topic counts against the same limit.
    url = topic_create_url(topic.forum)
    data = form_fields(client.get(url).content.decode(), "form.topic-form")
    data.update(subject="Un sujet de trop", content="Texte du sujet")
    assert client.post(url, data).status_code == 429
    assert not Topic.objects.filter(subject="Un sujet de trop").exists()


def test_previews_and_refused_forms_do_not_count(client, counsellor, make_topic):
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    for i in range(15):
        data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
        data.update(content=f"Brouillon {i}", preview="1")
        assert client.post(reply_url(topic), data).status_code == 200
        assert reply(client, topic, "").status_code == 200  # empty: sent back with an error
    assert reply(client, topic, "Enfin publiée").status_code == 302


def test_hourly_post_limit_per_member(client, counsellor, make_member, make_topic, settings):
    settings.COMCEP_RATE_LIMITS = {**settings.COMCEP_RATE_LIMITS, "post_hourly": "3/h"}
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    assert [reply(client, topic, f"R{i}").status_code for i in range(4)] == [302, 302, 302, 429]
    # The limit is the member's: a colleague on the same address still posts.
    client.force_login(make_member("julien", "Julien P."))
    assert reply(client, topic, "Moi aussi").status_code == 302


def test_a_one_megabyte_post_is_refused_in_french_and_the_text_is_kept(
    client, counsellor, make_topic, settings
):
    topic = make_topic(counsellor)
    client.force_login(counsellor)
    huge = ("Un très long message. " * 50_000).strip()  # about 1.1 MB
    response = reply(client, topic, huge)

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    limit = f"{settings.COMCEP_POST_MAX_LENGTH} au maximum"
    assert f"Votre message est trop long : {len(huge)} caractères, {limit}" in text
    assert form_fields(html, "form[enctype]")["content"].strip() == huge
    assert topic.posts.count() == 1

    url = topic_create_url(topic.forum)
    data = form_fields(client.get(url).content.decode(), "form.topic-form")
    data.update(subject="Un sujet énorme", content=huge)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Votre message est trop long" in text_of(response.content.decode())
    assert not Topic.objects.filter(subject="Un sujet énorme").exists()

    # Right at the limit is fine.
    assert reply(client, topic, "x" * settings.COMCEP_POST_MAX_LENGTH).status_code == 302


def test_reports_are_limited_per_member(client, counsellor, make_member, make_topic):
    topic = make_topic(counsellor)
    reader = make_member("lecteur", "Lecteur")
    client.force_login(reader)
    url = reverse("community:report_post", kwargs={"post_pk": topic.first_post.pk})
    statuses = [
        client.post(url, {"reason": "abuse", "comment": f"Signalement {i}"}).status_code
        for i in range(21)
    ]
    assert statuses == [302] * 20 + [429]
    assert PostReport.objects.count() == 20


def test_report_comment_is_capped(client, counsellor, make_member, make_topic):
    topic = make_topic(counsellor)
    client.force_login(make_member("lecteur", "Lecteur"))
    url = reverse("community:report_post", kwargs={"post_pk": topic.first_post.pk})
    response = client.post(url, {"reason": "abuse", "comment": "x" * 5000})
    assert response.status_code == 200
    assert "au plus 2000 caractères" in text_of(response.content.decode())
    assert not PostReport.objects.exists()


# Sign-up and password reset


def test_sign_up_flood_is_throttled(client, portal, operator, region):
    statuses = [
        sign_up(
            client, operator, region, email=f"robot{i}@spam.example", username=f"robot{i}"
        ).status_code
        for i in range(20)
    ]
    assert statuses == [302] * 5 + [429] * 15
    assert User.objects.filter(username__startswith="robot").count() == 5
    assert len(mail.outbox) == 5


def test_an_existing_email_at_sign_up_answers_like_a_new_one_and_warns_its_owner(
    client, portal, counsellor, operator, region
):
    new = sign_up(client, operator, region, email="ines.moreau@structure.example")
    new_page = text_of(client.get(new.url).content.decode())
    mail.outbox.clear()
    users = User.objects.count()

    taken = sign_up(client, operator, region, email="Sophie@Operateur.example", username="autre")

    assert (taken.status_code, taken.url) == (new.status_code, new.url)
    taken_page = text_of(client.get(taken.url).content.decode())
    assert taken_page == new_page.replace(
        "ines.moreau@structure.example", "sophie@operateur.example"
    )
    assert User.objects.count() == users
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [counsellor.email]
    assert "tentative" in message.subject
    assert "vient d’essayer de créer un compte ComCep avec cette adresse" in message.body
    assert "http://testserver/comptes/connexion/" in message.body
    assert "http://testserver/comptes/mot-de-passe/oubli/" in message.body


def test_a_taken_username_gets_a_neutral_error(client, portal, counsellor, operator, region):
    response = sign_up(
        client, operator, region, email="nouvelle@structure.example", username="Sophie"
    )
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Ce pseudonyme n’est pas disponible : choisissez-en un autre." in text
    assert not User.objects.filter(email="nouvelle@structure.example").exists()


def test_a_handle_that_looks_like_an_address_is_refused(client, portal, operator, region):
    # The handle is public: an e-mail address (the sign-in name) must never become one.
    response = sign_up(
        client, operator, region, email="nouvelle@structure.example", username="nouvelle@x.fr"
    )
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Votre pseudonyme ne peut pas contenir @" in text
    assert not User.objects.filter(email="nouvelle@structure.example").exists()


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, portal, counsellor
):
    known = client.post(reverse("accounts:password_reset"), {"email": counsellor.email})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "inconnue@nulle.example"})
    assert (
        (known.status_code, known.url)
        == (unknown.status_code, unknown.url)
        == (
            302,
            reverse("accounts:password_reset_done"),
        )
    )
    assert len(mail.outbox) == 1


def test_password_reset_flood_sends_three_emails(client, portal, counsellor):
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": counsellor.email}).status_code
        for _ in range(20)
    ]
    assert statuses == [302] * 3 + [429] * 17
    assert len(mail.outbox) == 3
    refused = client.post(reverse("accounts:password_reset"), {"email": counsellor.email})
    assert "aucun courriel n’a été envoyé" in text_of(refused.content.decode())


def test_password_reset_is_limited_per_address_across_emails(client, portal):
    statuses = [
        client.post(
            reverse("accounts:password_reset"), {"email": f"x{i}@nulle.example"}
        ).status_code
        for i in range(15)
    ]
    assert statuses == [302] * 10 + [429] * 5
