import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cms.editorial import EDITORS_GROUP, WRITERS_GROUP, ensure_editorial_workflow
from cms.offers.models import OfferPage


@pytest.fixture
def editorial(catalogue):
    ensure_editorial_workflow([catalogue])
    users = {}
    for username, group in (("redacteur", WRITERS_GROUP), ("editeur", EDITORS_GROUP)):
        user = get_user_model().objects.create_user(
            username, f"{username}@centre-inffo.example", "x"
        )
        user.groups.add(Group.objects.get(name=group))
        users[username] = user
    return users


def add_offer_as(client, catalogue, action):
    add_url = reverse("wagtailadmin_pages:add", args=["offers", "offerpage", catalogue.pk])
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "title": "Aide au permis",
            "slug": "aide-au-permis",
            "kind": "aid_scheme",
            "summary": "Une aide.",
            "funder": "Région",
            "body-count": "0",
            action: action,
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 302
    return OfferPage.objects.get(slug="aide-au-permis")


def test_the_workflow_is_idempotent(catalogue):
    assert ensure_editorial_workflow([catalogue]) > 0
    assert ensure_editorial_workflow([catalogue]) == 0
    assert Group.objects.filter(name__in=[WRITERS_GROUP, EDITORS_GROUP]).count() == 2


def test_writer_submits_editor_approves_page_goes_live(client, editorial, catalogue):
    client.force_login(editorial["redacteur"])
    page = add_offer_as(client, catalogue, "action-submit")
    assert not page.live
    assert client.get("/offres/aide-au-permis/").status_code == 404
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    client.force_login(editorial["editeur"])
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Vérifié, merci."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert client.get("/offres/aide-au-permis/").status_code == 200


def test_writer_cannot_publish_directly(client, editorial, catalogue):
    client.force_login(editorial["redacteur"])
    page = add_offer_as(client, catalogue, "action-publish")
    assert not page.live
    assert client.get("/offres/aide-au-permis/").status_code == 404


def test_scheduled_page_is_invisible_before_its_time_and_expires(client, make_offer, catalogue):
    page = make_offer("Offre programmée", publish=False)
    go_live = timezone.now() + datetime.timedelta(days=2)
    page.go_live_at = go_live
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    url = f"/offres/{page.slug}/"
    assert client.get(url).status_code == 404
    assert "Offre programmée" not in client.get("/offres/").content.decode()

    # Time passes: the scheduled moment is now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = page.latest_revision
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert page.live
    assert client.get(url).status_code == 200

    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    page.refresh_from_db()
    assert not page.live and page.expired
    assert client.get(url).status_code == 404
