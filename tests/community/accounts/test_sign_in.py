import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tests.community.helpers import topic_url
from tests.conftest import PASSWORD, form_fields, text_of
from tests.factories import MemberFactory


def test_sign_in_page_is_french(client, portal):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Connexion" in text
    assert "Adresse électronique" in text
    assert "Mot de passe oublié ?" in text


def test_member_signs_in_and_out(client, portal, counsellor):
    response = client.post(
        reverse("accounts:login"),
        {"username": counsellor.email, "password": PASSWORD, "next": "/forum/"},
    )
    assert response.status_code == 302
    assert response.url == "/forum/"

    page = client.get("/forum/").content.decode()
    assert "Connecté·e : Sophie M. (France Travail)" in text_of(page)

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "Se connecter" in text_of(client.get("/").content.decode())


def test_wrong_password_keeps_the_address_and_explains_in_french(client, portal, counsellor):
    response = client.post(
        reverse("accounts:login"), {"username": counsellor.email, "password": "faux"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Adresse électronique ou mot de passe incorrect" in text_of(html)
    assert form_fields(html)["username"] == counsellor.email
    assert "_auth_user_id" not in client.session


def test_the_address_signs_in_whatever_its_case_and_spaces(client, portal, counsellor):
    response = client.post(
        reverse("accounts:login"),
        {"username": f"  {counsellor.email.upper()} ", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(counsellor.pk)


def test_the_public_handle_no_longer_signs_in(client, portal, counsellor):
    # The handle is public (profile, mentions): with the right password, it is still refused.
    response = client.post(
        reverse("accounts:login"), {"username": counsellor.username, "password": PASSWORD}
    )

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Adresse électronique ou mot de passe incorrect" in text
    assert "Votre pseudonyme (@…) ne permet pas de se connecter" in text
    assert "_auth_user_id" not in client.session
    # Nor in Wagtail's or Django's admin, which ask for the address too.
    staff = MemberFactory(username="equipe", is_staff=True, is_superuser=True)
    for url in ("/admin/login/", "/django-admin/login/"):
        page = text_of(client.get(url).content.decode())
        assert "Adresse électronique" in page, url
        refused = client.post(url, {"username": "equipe", "password": PASSWORD})
        assert refused.status_code == 200 and "_auth_user_id" not in client.session, url
        signed_in = client.post(url, {"username": staff.email, "password": PASSWORD})
        assert signed_in.status_code == 302, url
        assert client.session["_auth_user_id"] == str(staff.pk)
        client.logout()


def test_no_sign_in_name_on_a_public_profile_or_post(client, portal, counsellor, make_topic):
    julien = MemberFactory(
        username="julien", email="julien.leroy@apec.example", display_name="Julien L. (Apec)"
    )
    topic = make_topic(counsellor, content="Qu’en pense @julien ?")
    profile = reverse("forum_member:profile", kwargs={"pk": julien.pk})

    for url in (profile, topic_url(topic)):
        html = client.get(url).content.decode()
        assert f"@{julien.username}" in html, url  # the public handle, to mention him
        for member in (julien, counsellor):
            assert member.email not in html, url  # the sign-in name
    # What the profile shows signs no one in.
    assert not client.login(request=HttpRequest(), username="julien", password=PASSWORD)
    assert client.login(request=HttpRequest(), username=julien.email, password=PASSWORD)


def test_password_reset_by_email(client, portal, counsellor):
    response = client.post(reverse("accounts:password_reset"), {"email": counsellor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "ComCep\u00a0: choisir un nouveau mot de passe"
    link = re.search(r"http://testserver(/comptes/mot-de-passe/nouveau/\S+/)", message.body).group(
        1
    )

    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in text_of(form_page.content.decode())
    new_password = "Un-tout-nouveau-secret-2026"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert client.login(request=HttpRequest(), username=counsellor.email, password=new_password)


@pytest.mark.django_db(transaction=True)
def test_the_migration_leaves_each_address_to_one_account_then_keeps_it_unique():
    """Accounts created before the addresses were unique: the one signed in last keeps a shared
    address, the others lose it; unique addresses are untouched."""
    before = [("accounts", "0004_charter_from_slug")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        User = executor.loader.project_state(before).apps.get_model("accounts", "User")
        now = timezone.now()
        old = User.objects.create(username="sophie1", email="Sophie@Operateur.example")
        old.last_login = now - timedelta(days=30)
        old.save()
        recent = User.objects.create(
            username="sophie2", email="sophie@operateur.example", last_login=now
        )
        never = User.objects.create(username="sophie3", email="SOPHIE@operateur.example")
        alone = User.objects.create(username="julien", email="Julien.Leroy@Apec.example")
        deleted = [User.objects.create(username=f"supprime-{i}", email="") for i in range(2)]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    Member = get_user_model()
    emails = dict(Member.objects.values_list("username", "email"))
    assert emails == {
        "sophie1": "",
        "sophie2": "sophie@operateur.example",
        "sophie3": "",
        "julien": "Julien.Leroy@Apec.example",
        "supprime-0": "",
        "supprime-1": "",
    }
    assert set(Member.objects.values_list("pk", flat=True)) == {
        old.pk,
        recent.pk,
        never.pk,
        alone.pk,
        *(member.pk for member in deleted),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(username="autre", email="JULIEN.LEROY@apec.example")
    Member.objects.create(username="supprime-2", email="")  # accounts without an address
