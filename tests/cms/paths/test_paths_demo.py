"""The demo's three paths, and every demo tool taught by a video or a path step."""

import io

import pytest
from django.core.management import call_command
from django.test import RequestFactory

from cms.paths.models import PathPage, PathStep
from cms.paths.progress import steps_teaching
from cms.toolbox.models import ToolPage
from tests.conftest import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_the_demo_ships_three_paths_once(demo_site, settings):
    assert "Parcours : 3 créé(s)." in demo_site
    paths = PathPage.objects.live()
    assert paths.count() == 3
    for path in paths:
        assert path.steps.count() >= 6, path.title
    # Every step points to a piece of the demo (nothing left out for a missing piece).
    assert not PathStep.objects.filter(page__isnull=True, topic__isnull=True).exists()
    assert PathStep.objects.filter(topic__isnull=False).count() >= 5

    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Parcours : 0 créé(s)." in out.getvalue()
    assert PathPage.objects.count() == 3


def test_every_demo_tool_has_a_resource_that_teaches_it(demo_site, client):
    request = RequestFactory().get("/")
    untaught = [
        tool.title
        for tool in ToolPage.objects.live()
        if not tool.teaching_videos() and not steps_teaching(tool, request)
    ]
    assert untaught == []
    assert ToolPage.objects.live().count() >= 16

    clea = ToolPage.objects.get(title="Certificat CléA")
    text = text_of(client.get(clea.url).content.decode())
    assert "Certifier le socle de compétences avec CléA" in text
    assert "parcours « Accompagner les publics fragiles »" in text


def test_a_demo_path_reads_well_signed_in(demo_site, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="julien"))
    path = PathPage.objects.get(slug="accompagner-les-publics-fragiles")
    text = text_of(client.get(path.url).content.decode())
    assert "Étape 1 : Repérer les freins périphériques" in text
    assert "Vidéo — Accompagner une personne en situation de précarité" in text
    assert "Étapes faites : 0 sur 7" in text
