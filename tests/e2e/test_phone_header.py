"""Chromium at 375 px: a compact header with a "Menu" button (a <details>: works without
JavaScript; Escape closes it and gives the focus back), the search filters folded, controls of at
least 24 × 24 px (WCAG 2.2, 2.5.8), and no axe violation with the menu open or closed, for
visitors and for signed-in members."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from machina.core.db.models import get_model
from playwright.sync_api import expect

from tests.community.helpers import topic_url
from tests.conftest import PASSWORD

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}

# Controls smaller than 24 × 24 px, outside the exceptions of 2.5.8 that apply here: links inside
# a sentence or a list of text (inline), and controls hidden from everyone.
SMALL_CONTROLS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  return [...document.querySelectorAll(selector)].filter((el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') return false;
    if (el.tagName === 'A' && style.display === 'inline') {
      const text = 'p, li, dd, td, .prose, .post-content, .breadcrumb';
      if (el.parentElement && el.parentElement.closest(text)) return false;
    }
    return box.width < 24 || box.height < 24;
  }).map((el) => el.outerHTML.slice(0, 120));
}"""


# axe-core's own 2.5.8 rule (off by default): 24 × 24 px, or spaced so that a 24 px circle around
# each target overlaps no other.
TARGET_SIZE = {"rules": {"target-size": {"enabled": True}}}
ONLY_TARGET_SIZE = {"runOnly": {"type": "rule", "values": ["target-size"]}}


def header_height(page):
    return page.locator("header.site-header").evaluate("el => el.getBoundingClientRect().height")


def violations(page):
    return [v["id"] for v in Axe().run(page).response["violations"]]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport=PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_the_header_folds_under_a_menu_button_on_a_phone(phone, portal):
    phone.goto("/")
    height = header_height(phone)
    print(f"header height at 375 px: {height}")
    assert height <= 120
    menu = phone.locator("header summary", has_text="Menu")
    expect(menu).to_be_visible()
    expect(phone.get_by_role("link", name="Adhérer")).to_be_hidden()
    assert violations(phone) == []

    menu.click()
    expect(phone.get_by_role("link", name="Adhérer")).to_be_visible()
    expect(phone.get_by_role("navigation", name="Navigation principale")).to_be_visible()
    assert violations(phone) == []
    phone.get_by_role("link", name="Adhérer").focus()
    phone.keyboard.press("Escape")
    expect(phone.get_by_role("link", name="Adhérer")).to_be_hidden()
    assert menu.evaluate("el => el === document.activeElement")


def test_a_menu_opened_before_the_script_runs_stays_open(phone, portal):
    """On a slow connection the member can open "Menu" before site-menu.js has run."""
    held = []

    def hold(route):
        held.append(route)

    phone.route(re.compile(r"/js/site-menu[.\w]*\.js"), hold)
    with phone.expect_request(re.compile(r"/js/site-menu[.\w]*\.js")):
        phone.goto("/", wait_until="commit")
    phone.locator("header summary", has_text="Menu").click()
    expect(phone.get_by_role("link", name="Adhérer")).to_be_visible()
    held.pop().continue_()
    phone.wait_for_load_state("load")
    expect(phone.get_by_role("link", name="Adhérer")).to_be_visible()


def test_the_header_works_without_javascript(browser, live_server, portal):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    page.locator("header summary", has_text="Menu").click()
    expect(page.get_by_role("link", name="Adhérer")).to_be_visible()
    context.close()


def test_wide_screens_show_the_whole_header_without_a_menu_button(page, portal):
    page.goto("/")
    expect(page.locator("header summary", has_text="Menu")).to_be_hidden()
    expect(page.get_by_role("link", name="Adhérer")).to_be_visible()


def axe_findings(page, options):
    """(rule, targets) of each axe violation on the page as it stands."""
    response = Axe().run(page, options=options).response
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in response["violations"]]


def test_no_control_under_24_px_on_phone_pages(phone, portal, make_topic, counsellor, catalogue):
    topic = make_topic(counsellor, subject="Rester neutre", content="Comment faites-vous ?")
    pages = {"accueil": "/", "catalogue": catalogue.url, "recherche": "/recherche/?q=neutre"}
    pages["sujet"] = topic_url(topic)
    found = {}
    for name, url in pages.items():
        phone.goto(url)
        found[name] = phone.evaluate(SMALL_CONTROLS) + axe_findings(phone, ONLY_TARGET_SIZE)
    print("controls under 24 px:", {name: len(items) for name, items in found.items()})
    assert found == {name: [] for name in pages}


def test_signed_in_phone_pages_have_24_px_controls_and_no_axe_violation(
    phone, portal, make_member, make_topic, catalogue, make_offer
):
    """A member's pages carry more controls (menu of the account, beta feedback, reply form,
    bookmarks, validation of an answer): none under 24 px, no axe violation, menu closed or open."""
    julien = make_member(username="julien", display_name="Julien L. (Apec)")
    sophie = make_member(username="sophie", display_name="Sophie M. (France Travail)")
    make_offer("Compte personnel de formation")
    topic = make_topic(julien, subject="Rester neutre", content="Comment faites-vous ?")
    Post.objects.create(topic=topic, poster=sophie, content="Je reformule sa demande.")
    phone.goto("/comptes/connexion/")
    phone.get_by_label("Adresse électronique").fill(julien.email)
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    expect(phone).not_to_have_url(re.compile("connexion"))
    pages = {"accueil": "/", "catalogue": catalogue.url, "recherche": "/recherche/?q=neutre"}
    pages["sujet"] = topic_url(topic)
    found = {}
    for name, url in pages.items():
        phone.goto(url)
        found[name] = phone.evaluate(SMALL_CONTROLS) + axe_findings(phone, TARGET_SIZE)
        phone.locator("header summary", has_text="Menu").click()
        expect(phone.get_by_role("navigation", name="Navigation principale")).to_be_visible()
        found[f"{name}, menu ouvert"] = phone.evaluate(SMALL_CONTROLS) + axe_findings(
            phone, TARGET_SIZE
        )
    print("signed in, controls under 24 px and axe:", {k: len(v) for k, v in found.items()})
    assert found == {name: [] for name in found}


def test_the_first_search_result_is_in_the_first_screen(phone, portal, make_topic, counsellor):
    make_topic(counsellor, subject="Rester neutre face à l’urgence", content="Neutre ?")
    phone.goto("/recherche/?q=neutre")
    first = phone.locator(".search-result").first
    expect(first).to_be_visible()
    top = first.evaluate("el => el.getBoundingClientRect().top")
    print(f"first search result at {top} px")
    assert top <= 800
    assert violations(phone) == []
