import re

from django.core import mail
from django.http import HttpRequest
from django.urls import reverse

from tests.conftest import PASSWORD, form_fields, text_of


def test_sign_in_page_is_french(client, portal):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Connexion" in text
    assert "Identifiant" in text
    assert "Mot de passe oublié ?" in text


def test_member_signs_in_and_out(client, portal, counsellor):
    response = client.post(
        reverse("accounts:login"), {"username": "sophie", "password": PASSWORD, "next": "/forum/"}
    )
    assert response.status_code == 302
    assert response.url == "/forum/"

    page = client.get("/forum/").content.decode()
    assert "Connecté·e : Sophie M. (France Travail)" in text_of(page)

    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "Se connecter" in text_of(client.get("/").content.decode())


def test_wrong_password_keeps_the_username_and_explains_in_french(client, portal, counsellor):
    response = client.post(reverse("accounts:login"), {"username": "sophie", "password": "faux"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Identifiant ou mot de passe incorrect" in text_of(html)
    assert form_fields(html)["username"] == "sophie"
    assert "_auth_user_id" not in client.session


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
    assert client.login(request=HttpRequest(), username="sophie", password=new_password)
