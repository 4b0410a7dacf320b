from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied

from tests.community.helpers import rubric_url, topic_create_url
from tests.conftest import text_of


def heading(html):
    return BeautifulSoup(html, "html.parser").select_one("main h1").get_text(strip=True)


def test_pending_member_opening_new_topic_gets_the_french_403_page(client, rubric, pending_member):
    client.force_login(pending_member)
    response = client.get(topic_create_url(rubric))

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert heading(html) == "Accès refusé"
    text = text_of(html)
    assert "Votre adhésion attend la validation d’un modérateur" in text
    assert "Aller au forum" in text
    assert 'href="/forum/"' in html


def test_member_outside_the_pilot_group_gets_the_french_403_page(client, pilot_rubric, counsellor):
    client.force_login(counsellor)
    response = client.get(rubric_url(pilot_rubric))

    assert response.status_code == 403
    html = response.content.decode()
    assert heading(html) == "Accès refusé"
    text = text_of(html)
    assert "réservées à un groupe de membres" in text
    assert "attend la validation" not in text
    assert "Retours sur la bêta" not in text


def test_anonymous_visitor_is_invited_to_sign_in(portal):
    request = RequestFactory().get("/forum/moderation/signalements/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    html = response.content.decode()
    assert heading(html) == "Accès refusé"
    assert "/comptes/connexion/?next=/forum/moderation/signalements/" in html


def test_csrf_failure_gives_a_french_page_in_the_site_layout(rubric, counsellor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(counsellor)
    response = client.post(topic_create_url(rubric), {"subject": "Sans jeton", "content": "x"})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert heading(html) == "Le formulaire n’a pas pu être envoyé"
    text = text_of(html)
    assert "Pour votre sécurité, ComCep a refusé ce formulaire" in text
    # Rendered with the request: the site's header knows who is signed in.
    assert counsellor.display_name in text
    assert "CSRF" not in text
