import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.offers.freshness import months_before
from cms.offers.models import OfferPage
from tests.conftest import text_of

TODAY = timezone.localdate()


@pytest.fixture
def owners(db):
    make = get_user_model().objects.create_user
    return {
        "claire": make(
            "claire",
            "claire@centre-inffo.example",
            "x",
            first_name="Claire",
            last_name="Dubois",
            is_staff=True,
        ),
        "paul": make(
            "paul",
            "paul@carif-oref.example",
            "x",
            first_name="Paul",
            last_name="Morel",
            is_staff=True,
        ),
    }


@pytest.fixture
def aged_offers(make_offer, owners):
    def offer(title, kind, months, owner, **extra):
        if kind in (OfferPage.Kind.FUNDING, OfferPage.Kind.AID_SCHEME):
            extra.setdefault("funder", "Région")
        return make_offer(
            title,
            kind=kind,
            verified_on=months_before(TODAY, months),
            owner_editor=owners[owner],
            **extra,
        )

    return {
        "fresh_funding": offer("Financement récent", OfferPage.Kind.FUNDING, 5, "claire"),
        "stale_funding": offer("Financement ancien", OfferPage.Kind.FUNDING, 7, "claire"),
        "stale_aid": offer("Aide ancienne", OfferPage.Kind.AID_SCHEME, 8, "paul"),
        "fresh_service": offer("Service de 11 mois", OfferPage.Kind.SERVICE, 11, "paul"),
        "stale_service": offer("Service de 13 mois", OfferPage.Kind.SERVICE, 13, "claire"),
        "expired": offer(
            "Service expiré",
            OfferPage.Kind.SERVICE,
            1,
            "paul",
            valid_until=TODAY - datetime.timedelta(days=1),
        ),
    }


def test_thresholds_depend_on_the_kind(aged_offers):
    stale = set(OfferPage.objects.stale().values_list("title", flat=True))
    assert stale == {"Financement ancien", "Aide ancienne", "Service de 13 mois", "Service expiré"}


def test_thresholds_are_configurable(aged_offers, settings):
    settings.FRESHNESS_MONTHS = {"funding": 8, "aid_scheme": 8, "default": 10}
    stale = set(OfferPage.objects.stale().values_list("title", flat=True))
    assert stale == {"Service de 11 mois", "Service de 13 mois", "Service expiré"}


def test_readers_see_a_banner_on_stale_pages_only(client, aged_offers):
    stale = text_of(client.get(aged_offers["stale_funding"].url).content.decode())
    assert "Ces informations peuvent ne plus être à jour." in stale
    assert "Vérifié le" in stale
    fresh = text_of(client.get(aged_offers["fresh_funding"].url).content.decode())
    assert "peuvent ne plus être à jour" not in fresh
    assert "Vérifié le" in fresh


def test_admin_report_groups_stale_offers_by_owner(admin_client, aged_offers):
    response = admin_client.get(reverse("stale_offers"))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "Contenus à vérifier" in text
    assert "Claire Dubois (2)" in text and "Paul Morel (2)" in text
    assert "Financement ancien" in text and "Service de 13 mois" in text
    assert "Financement récent" not in text


def test_report_is_for_admin_users_only(client, counsellor, aged_offers):
    client.force_login(counsellor)
    response = client.get(reverse("stale_offers"))
    assert response.status_code == 302
    assert "Financement ancien" not in response.content.decode()


def test_command_sends_one_email_per_owner(aged_offers, owners):
    out = io.StringIO()
    call_command("send_freshness_reminders", stdout=out)
    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    claire = by_recipient["claire@centre-inffo.example"]
    assert claire.subject == "ComCep\u00a0: 2 offres à vérifier"
    assert "Financement ancien" in claire.body and "Service de 13 mois" in claire.body
    assert "Aide ancienne" not in claire.body
    assert f"/admin/pages/{aged_offers['stale_funding'].pk}/edit/" in claire.body
    paul = by_recipient["paul@carif-oref.example"]
    assert "Aide ancienne" in paul.body and "Service expiré" in paul.body
    assert "2 rappel(s) envoyé(s)" in out.getvalue()
