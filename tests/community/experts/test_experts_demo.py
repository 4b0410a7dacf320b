"""The demo's help profiles and référents: members find colleagues in the directory."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from community.experts.models import Expertise, Referent
from tests.conftest import text_of

User = get_user_model()
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_demo_directory_lists_declared_members_and_a_referent(demo_site, client, settings):
    assert "Entraide : 6 profil(s) déclaré(s), 2 référent(s) nommé(s)." in demo_site
    client.force_login(User.objects.get(username="sophie"))
    page = text_of(client.get("/annuaire/?theme=handicap-et-emploi").content.decode())
    assert "Thomas G. (Cap emploi)" in page and "Handicap et emploi" in page
    assert "Léa F." not in text_of(client.get("/annuaire/").content.decode())  # not listed
    assert Referent.objects.filter(user__username="marc", operator__name="France Travail").exists()

    settings.DEBUG = True
    before = (Expertise.objects.count(), Referent.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Entraide : 0 profil(s) déclaré(s), 0 référent(s) nommé(s)." in out.getvalue()
    assert (Expertise.objects.count(), Referent.objects.count()) == before
