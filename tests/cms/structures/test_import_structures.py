"""``manage.py import_structures``: local sites from an open-data CSV, idempotent, bad rows
reported in French with their line numbers and nothing written for them."""

import csv
import io
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import PageLogEntry

from cms.structures import demo
from cms.structures.departments import DEPARTMENTS
from cms.structures.models import StructurePage

NETWORKS = (
    "france-travail",
    "Apec",
    "missions-locales",
    "Cap emploi",
    "operateurs-regionaux-pour-les-actifs-occupes",
)
HEADER = (
    "identifiant;reseau;nom;adresse;code_postal;commune;code_departement;region;telephone;"
    "email;site_web;horaires;rendez_vous;url_rendez_vous"
)


@pytest.fixture
def structures(portal, reference_lists):
    return demo.load(portal, io.StringIO())


def site_row(number, **changes):
    code, name, _region = DEPARTMENTS[number % 96]  # metropolitan departments
    postcode = f"{code.replace('2A', '20').replace('2B', '20')}{number % 1000:03d}"
    row = {
        "identifiant": f"SITE-{number:05d}",
        "reseau": NETWORKS[number % len(NETWORKS)],
        "nom": f"Point d’accueil {name} {number}",
        "adresse": f"{number} rue de la République",
        "code_postal": postcode,
        "commune": f"Ville {number}",
        "code_departement": code,
        "region": "",
        "telephone": f"01 23 45 {number % 100:02d} {number % 97:02d}",
        "email": f"site{number}@exemple.fr",
        "site_web": f"https://exemple.fr/sites/{number}",
        "horaires": "Lundi au vendredi : 9 h – 12 h 30, 13 h 30 – 17 h",
        "rendez_vous": "Sur rendez-vous par téléphone.",
        "url_rendez_vous": "",
    }
    row.update(changes)
    return row


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=HEADER.split(";"), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_structures", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def client_sees(client, url, text):
    response = client.get(url)
    return response.status_code == 200 and text in response.content.decode()


def imported():
    return StructurePage.objects.exclude(external_id="").filter(external_id__startswith="SITE-")


def test_a_thousand_rows_are_imported_then_updated_and_bad_rows_reported(
    structures, tmp_path, capsys, admin_client
):
    rows = [site_row(number) for number in range(1, 1001)]
    # Three bad rows (file lines 102, 503 and 1,001: the header is line 1).
    rows[100] = site_row(101, email="pas-une-adresse")
    rows[501] = site_row(502, code_departement="99")
    rows[999] = site_row(1000, reseau="Pôle inconnu")
    path = write_csv(tmp_path / "sites.csv", rows)

    started = time.perf_counter()
    out, err = run(path)
    first_run = time.perf_counter() - started

    assert "997 créé(s), 0 mis à jour, 0 inchangé(s), 3 ligne(s) en erreur" in out
    assert "Import : 1000/1000 lignes traitées" in out
    assert err.splitlines() == [
        "Ligne 102 : l’adresse e-mail « pas-une-adresse » n’est pas valide.",
        "Ligne 503 : département « 99 » inconnu.",
        "Ligne 1001 : réseau « Pôle inconnu » inconnu.",
    ]
    assert imported().count() == 997
    assert not imported().filter(external_id__in=["SITE-00101", "SITE-00502", "SITE-01000"])
    site = imported().select_related("operator").get(external_id="SITE-00001")
    assert site.live and site.operator.slug == "apec"
    assert site.get_parent().specific.slug == "apec"
    assert site.department == "02"
    assert list(site.regions.values_list("slug", flat=True)) == ["hauts-de-france"]
    assert site.opening_hours.startswith("Lundi au vendredi")
    assert site.appointments == "<p>Sur rendez-vous par téléphone.</p>"
    # Published as an editor would: a live revision, its history, found by the search.
    assert site.live_revision_id == site.latest_revision_id is not None
    assert set(PageLogEntry.objects.filter(page=site).values_list("action", flat=True)) == {
        "wagtail.create",
        "wagtail.publish",
    }
    assert admin_client.get(f"/admin/pages/{site.pk}/edit/").status_code == 200
    assert admin_client.get(site.url).status_code == 200
    assert site.pk in [page.pk for page in StructurePage.objects.live().search("Ville 1")]

    # The same file, corrected, with ten sites changed: nothing created, ten updated.
    rows[100] = site_row(101)
    rows[501] = site_row(502)
    rows[999] = site_row(1000)
    for number in range(10):
        rows[number] = site_row(number + 1, telephone="09 99 99 99 99")
    run(write_csv(tmp_path / "sites.csv", rows))
    started = time.perf_counter()
    out, err = run(write_csv(tmp_path / "sites.csv", rows))
    second_run = time.perf_counter() - started
    assert err == ""
    assert "0 créé(s), 0 mis à jour, 1000 inchangé(s), 0 ligne(s) en erreur" in out
    for number in range(10):
        rows[number] = site_row(number + 1, telephone="04 00 00 00 00")
    # A site renamed, moved to another department and region, and to another operator.
    rows[0] = site_row(
        1, telephone="04 00 00 00 00", nom="Apec Nantes", code_departement="44", reseau="apec"
    )
    rows[1] = site_row(2, telephone="04 00 00 00 00", reseau="Apec")
    out, err = run(write_csv(tmp_path / "sites.csv", rows))
    assert "0 créé(s), 10 mis à jour, 990 inchangé(s)" in out
    assert imported().count() == 1000
    site = imported().get(external_id="SITE-00001")
    assert (site.title, site.draft_title, site.phone) == (
        "Apec Nantes",
        "Apec Nantes",
        "04 00 00 00 00",
    )
    assert list(site.regions.values_list("slug", flat=True)) == ["pays-de-la-loire"]
    assert site.latest_revision.as_object().title == "Apec Nantes"
    moved = imported().select_related("operator").get(external_id="SITE-00002")
    assert moved.operator.slug == "apec" and moved.get_parent().slug == "apec"
    assert client_sees(admin_client, moved.url, moved.title)
    with capsys.disabled():
        print(f"\nimport_structures, 1,000 rows: {first_run:.1f} s; unchanged: {second_run:.1f} s")


def test_a_file_without_the_required_columns_is_refused(structures, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_text("nom,commune\nMission locale,Rennes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonnes manquantes : identifiant, reseau"):
        run(str(path))
    assert not imported().exists()
