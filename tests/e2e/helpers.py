"""Steps the browser journeys share."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.conftest import PASSWORD


def sign_in(page, username):
    """Sign ``username`` in through the form, by e-mail address (a handle signs no one in)."""
    page.goto("/comptes/connexion/")
    email = get_user_model().objects.get(username=username).email
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Signed in: the header holds "Se déconnecter" (behind "Menu" on a phone).
    expect(page.get_by_role("button", name="Se déconnecter", include_hidden=True)).to_be_attached()
