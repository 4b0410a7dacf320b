import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.conftest import start_production, text_of


def test_unknown_page_answers_a_french_404_in_the_portal_layout(client, portal):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    text = text_of(response.content.decode())
    assert "Page introuvable" in text
    assert "Revenir à l’accueil" in text
    assert "ComCep" in text


def test_server_error_page_is_french_and_standalone():
    html = render_to_string("500.html")
    assert '<html lang="fr">' in html
    assert "Une erreur est survenue" in text_of(html)


def production_check(secret_key):
    return start_production(
        SECRET_KEY=secret_key,
        # A strong transfer key: only SECRET_KEY decides here (see test_transfer_security.py).
        WAGTAILTRANSFER_SECRET_KEY="t" * 20 + "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
    )


@pytest.mark.parametrize(
    "secret_key", ["", "dev-only-insecure-key-do-not-use-in-production", "short"]
)
def test_production_settings_refuse_a_missing_or_default_secret_key(secret_key):
    result = production_check(secret_key)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_start_with_a_real_secret_key():
    result = production_check("k" * 20 + "9f8e7d6c5b4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c")
    assert result.returncode == 0, result.stderr


def test_wagtail_admin_sign_in_is_french(client, portal):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Mot de passe" in text_of(html)


def test_machina_strings_it_leaves_untranslated_are_french():
    with translation.override("fr"):
        assert translation.gettext("Hide results?") == "Masquer les résultats ?"
