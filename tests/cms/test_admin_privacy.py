"""The Wagtail admin makes no request to another server: no Gravatar, no release check.

(WAGTAIL_ENABLE_WHATS_NEW_BANNER is off too, but Wagtail 7.4 does not show that banner at all,
so no test here could fail on it.)"""

import pytest


@pytest.fixture
def editor_client(client, portal, django_user_model):
    # An e-mail address: without one, Wagtail shows no Gravatar anyway.
    user = django_user_model.objects.create_superuser(
        "editrice", "editrice@centre-inffo.example", "x"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/admin/", "/admin/account/", "/admin/pages/"])
def test_admin_pages_load_nothing_from_other_servers(editor_client, path):
    response = editor_client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "gravatar.com" not in html
    # The release check is a JavaScript controller that fetches releases.wagtail.org.
    assert 'data-controller="w-upgrade' not in html
