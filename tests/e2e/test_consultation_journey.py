"""A consultation of the pilot group: built by an editor in the Wagtail admin, answered once by a
pilot counsellor from her home page, refused (404) to a counsellor outside the group, read as
charts and tables, exported as CSV with the same counts."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cms.editorial import ensure_editorial_workflow
from community.consultations.models import ConsultationIndexPage, ConsultationSubmission
from community.pilot.permissions import ensure_inbox_permissions
from tests.e2e.accessibility import serious_violations
from tests.e2e.test_pilot_journey import browser_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = [
    ("Ce qui vous aide le plus", "singleline", ""),
    ("Votre rubrique préférée", "radio", "Forum\nOffres\nVidéos"),
    ("Les sujets à développer", "checkboxes", "Posture\nPublics fragiles\nOutils"),
    ("Votre satisfaction", "scale", ""),
]


@pytest.fixture
def people(portal, make_member):
    ensure_editorial_workflow([portal])
    ensure_inbox_permissions()
    return {
        "index": ConsultationIndexPage.ensure_under(portal),
        "sophie": make_member(
            "sophie", "Sophie M. (France Travail)", groups=("Conseillers", "Groupe pilote")
        ),
        "julien": make_member("julien", "Julien T. (Apec)"),
        "editrice": make_member(
            "editrice", "Élise (éditrice)", groups=("Éditeurs",), is_staff=True
        ),
    }


def test_a_consultation_is_built_answered_once_and_read_as_charts_and_csv(
    browser, live_server, people
):
    editrice = browser_page(browser, live_server)
    sign_in(editrice, "editrice")
    editrice.goto(f"/admin/pages/add/consultations/consultationpage/{people['index'].pk}/")
    editrice.locator("[name=title]").fill("Deuxième consultation du groupe pilote")
    editrice.locator("[name=audience]").select_option("pilot")
    now = timezone.localtime()
    editrice.locator("[name=opens_at]").fill(f"{now - timedelta(hours=1):%Y-%m-%d %H:%M}")
    editrice.locator("[name=closes_at]").fill(f"{now + timedelta(days=14):%Y-%m-%d %H:%M}")
    add_question = editrice.locator("#id_form_fields-ADD")
    for number, (label, field_type, choices) in enumerate(QUESTIONS):
        if number:
            add_question.click()
        editrice.locator(f"[name=form_fields-{number}-label]").fill(label)
        editrice.locator(f"[name=form_fields-{number}-field_type]").select_option(field_type)
        if choices:
            editrice.locator(f"[name=form_fields-{number}-choices]").fill(choices)
    editrice.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]"
    ).first.click()
    editrice.get_by_role("button", name="Publier").click()
    expect(editrice.locator(".messages")).to_contain_text("publiée")

    sophie = browser_page(browser, live_server)
    sign_in(sophie, "sophie")
    sophie.goto("/")
    block = sophie.locator(".open-consultations")
    expect(block.get_by_role("heading", name="Consultations en cours")).to_be_visible()
    block.get_by_role("link", name="Deuxième consultation du groupe pilote").click()
    assert serious_violations(sophie) == []
    sophie.get_by_label("Ce qui vous aide le plus").fill("Les réponses du forum")
    sophie.get_by_label("Forum").check()
    sophie.get_by_label("Posture").check()
    sophie.get_by_label("Outils").check()
    sophie.get_by_role("group", name=re.compile("Votre satisfaction")).get_by_label("4").check()
    sophie.get_by_role("button", name="Envoyer mes réponses").click()
    expect(sophie.get_by_text("vos réponses sont enregistrées")).to_be_visible()
    consultation_url = sophie.url

    julien = browser_page(browser, live_server)
    sign_in(julien, "julien")
    assert julien.goto(consultation_url).status == 404

    editrice.goto("/admin/consultations/")
    editrice.get_by_role("link", name=re.compile("Résultats")).click()
    expect(editrice.locator("figure svg[role=img]")).to_have_count(3)
    tables = {}
    for table in editrice.locator("table[data-question]").all():
        caption = table.locator("caption").inner_text()
        tables[caption] = {
            row.locator("th").inner_text(): row.locator("td").inner_text()
            for row in table.locator("tbody tr").all()
        }
    assert tables["Votre rubrique préférée"] == {"Forum": "1", "Offres": "0", "Vidéos": "0"}
    expect(editrice.get_by_text("Les réponses du forum")).to_be_visible()
    with editrice.expect_download() as download:
        editrice.get_by_role("link", name="Télécharger les résultats (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    for caption, counts in tables.items():
        assert {answer: count for question, answer, count in rows if question == caption} == counts

    # Sophie cannot answer twice: the form is gone, and a second submission stores nothing.
    sophie.goto(consultation_url)
    expect(sophie.get_by_text("Vous avez déjà répondu à cette consultation")).to_be_visible()
    expect(sophie.get_by_role("button", name="Envoyer mes réponses")).to_have_count(0)
    assert ConsultationSubmission.objects.count() == 1
