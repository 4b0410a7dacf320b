"""The pilot group steers the beta: feedback answered from the admin inbox, a theme proposed,
supported and accepted, then chosen on a new topic; the toolbox read with a keyboard and a
screen reader's landmarks in mind."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cms.taxonomies.models import Theme
from cms.toolbox.models import ToolboxIndexPage, ToolPage
from community.accounts.roles import MODERATORS_GROUP, PILOT_GROUP
from community.pilot.models import Feedback
from community.pilot.permissions import ensure_inbox_permissions
from tests.e2e.accessibility import serious_violations
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def browser_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    return context.new_page()


@pytest.fixture
def people(portal, rubric, make_member, make_offer):
    ensure_inbox_permissions()
    return {
        "sophie": make_member(
            "sophie",
            "Sophie M. (France Travail)",
            groups=("Conseillers", PILOT_GROUP),
            email="sophie.martin@francetravail.example",
        ),
        "julien": make_member("julien", "Julien T. (Apec)"),
        "moderateur": make_member(
            "moderateur", "Karim B. (modération)", groups=("Conseillers", MODERATORS_GROUP)
        ),
        "offer": make_offer("Compte personnel de formation"),
    }


def test_feedback_is_answered_and_a_proposed_theme_is_chosen_on_a_new_topic(
    browser, live_server, people, rubric
):
    sophie = browser_page(browser, live_server)
    sign_in(sophie, "sophie")
    sophie.goto(people["offer"].url)
    sophie.get_by_text("Votre avis sur ComCep").click()
    sophie.get_by_label("4 – Satisfait").check()
    sophie.get_by_label("Votre commentaire (facultatif)").fill("Il manque les plafonds du CPF.")
    sophie.get_by_role("button", name="Envoyer mon avis").click()
    expect(sophie.get_by_text("Merci pour votre avis")).to_be_visible()
    assert Feedback.objects.get().page_path == people["offer"].url

    moderateur = browser_page(browser, live_server)
    sign_in(moderateur, "moderateur")
    moderateur.goto("/admin/avis-beta/")
    expect(moderateur.get_by_text("Il manque les plafonds du CPF.")).to_be_visible()
    moderateur.locator("table a[href*='/admin/avis-beta/edit/']").first.click()
    reply = moderateur.get_by_role("textbox", name="Réponse au membre")
    reply.fill("Merci : les plafonds sont ajoutés.")
    moderateur.get_by_role("combobox", name="Statut").select_option("done")
    moderateur.get_by_role("button", name="Enregistrer").click()
    expect(moderateur.locator(".messages")).to_contain_text("modifié")
    assert [message.to for message in mail.outbox] == [["sophie.martin@francetravail.example"]]
    assert "les plafonds sont ajoutés" in mail.outbox[0].body

    sophie.goto("/avis/mes-avis/")
    expect(sophie.get_by_text("Merci : les plafonds sont ajoutés.")).to_be_visible()

    julien = browser_page(browser, live_server)
    sign_in(julien, "julien")
    julien.goto("/forum/propositions/")
    julien.get_by_role("link", name="Proposer une rubrique ou une thématique").click()
    julien.get_by_label("thématique").check()
    julien.get_by_label("Nom").fill("Mobilité géographique")
    julien.get_by_label("Pourquoi est-ce utile ?").fill("Les aides au déménagement reviennent.")
    julien.get_by_role("button", name="Envoyer ma proposition").click()
    expect(julien.get_by_text("Votre proposition est en ligne")).to_be_visible()

    sophie.goto("/forum/propositions/")
    sophie.get_by_role("button", name="Soutenir « Mobilité géographique »").click()
    expect(sophie.get_by_text("2 soutiens")).to_be_visible()

    moderateur.goto("/forum/propositions/")
    moderateur.get_by_role("link", name="Décider : « Mobilité géographique »").click()
    moderateur.get_by_label("Accepter").check()
    moderateur.get_by_role("button", name="Enregistrer la décision").click()
    expect(moderateur.locator(".messages")).to_contain_text("Acceptée")
    assert Theme.objects.filter(name="Mobilité géographique").exists()
    assert "acceptée" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == [people["julien"].email]

    julien.goto(f"/forum/forum/{rubric.slug}-{rubric.pk}/topic/create/")
    julien.get_by_label("Sujet", exact=True).fill("Aide au déménagement")
    julien.get_by_label("Message", exact=True).fill("Qui connaît l’aide à la mobilité ?")
    julien.get_by_label("Mobilité géographique").check()
    julien.get_by_role("button", name="Soumettre").click()
    expect(julien.get_by_role("heading", level=1)).to_have_text("Aide au déménagement")
    expect(julien.get_by_text("Mobilité géographique").first).to_be_visible()


HEADINGS_AND_LABELS = """() => {
  const problems = [];
  const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter(h => h.offsetParent !== null || h.classList.contains('visually-hidden'))
    .map(h => Number(h.tagName[1]));
  if (levels.filter(l => l === 1).length !== 1) problems.push('h1 count ' + levels);
  levels.forEach((level, i) => {
    if (i && level > levels[i - 1] + 1) problems.push('skip ' + levels);
  });
  for (const field of document.querySelectorAll('input:not([type=hidden]),select,textarea')) {
    const named = field.labels?.length || field.getAttribute('aria-label')
      || field.getAttribute('aria-labelledby')
      || field.closest('fieldset')?.querySelector('legend');
    if (!named) problems.push('unlabelled ' + (field.name || field.id));
  }
  for (const link of document.querySelectorAll('a')) {
    if (!link.textContent.trim() && !link.getAttribute('aria-label')) problems.push('empty link');
  }
  return problems;
}"""


def test_the_toolbox_is_accessible_and_filterable(page, portal, reference_lists):
    index, _created = ToolboxIndexPage.ensure_under(portal)
    from cms.taxonomies.models import Audience

    tool = ToolPage(
        title="La Bonne Boîte",
        purpose="Trouver les entreprises qui recrutent.",
        users="Tout candidat.",
        website="https://labonneboite.francetravail.fr",
        provider="France Travail",
    )
    tool.audiences = [Audience.objects.get(slug="demandeurs-demploi")]
    index.add_child(instance=tool)
    tool.save_revision().publish()

    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Boîte à outils"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boîte à outils")
    assert page.evaluate(HEADINGS_AND_LABELS) == []
    assert serious_violations(page) == []
    page.get_by_label("Public").select_option("cadres")
    page.get_by_role("button", name=re.compile("Filtrer|Appliquer|Afficher")).first.click()
    expect(page.get_by_text("Aucun outil ne correspond à ces filtres.")).to_be_visible()
    page.get_by_label("Public").select_option("demandeurs-demploi")
    page.get_by_role("button", name=re.compile("Filtrer|Appliquer|Afficher")).first.click()
    page.get_by_role("link", name="La Bonne Boîte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("La Bonne Boîte")
    expect(page.get_by_role("heading", name="Les discussions qui le citent")).to_be_visible()
    assert page.evaluate(HEADINGS_AND_LABELS) == []
    assert serious_violations(page) == []
