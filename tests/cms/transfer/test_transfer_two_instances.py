"""wagtail-transfer between two live instances, as an editor uses it (transfer_instances.py).

The destination's editor, created through Wagtail's user form (so not a staff user), signs in to
its admin in Chromium, chooses the source's sections with wagtail-transfer's own widget (served in
French by the project) and imports them; the source is edited and the editor imports again from
the screen, where the widget sends no destination for a page already imported. Two servers, two
databases (SQLite files, or PostgreSQL databases), the real export API over HTTP, nothing mocked.
Each state of the import screen is read for English and checked by axe-core; after each import
every public page of the destination is requested.
"""

import json
import os
import re

import pytest
import requests

from tests.cms.admin_crawl import is_english, read_page
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

from .transfer_instances import PASSWORD, SOURCE_NAME, free_port, start_two_instances

pytestmark = pytest.mark.xdist_group("transfer")

EDITOR_EMAIL = "editrice@production.example"
ALREADY_HERE = "Cette page existe déjà sur ce site\u00a0: elle sera mise à jour sur place."
EDITED_SUMMARY = "Résumé revu à la source avant le second import."

COUNTS = """
import json
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page
from cms.offers.models import OfferPage
from cms.taxonomies.models import Audience, Operator, Region, Scheme, Theme
from cms.videos.models import PlaylistPage, VideoPage

# Only live pages travel: a member's proposal waiting in review stays at the source.
offers = OfferPage.objects.live().order_by("slug")
images = list(Image.objects.all())
print(json.dumps({
    "pages": Page.objects.count(),
    "offers": offers.count(),
    "live offers": offers.live().count(),
    "videos": VideoPage.objects.live().count(),
    "playlists": PlaylistPage.objects.live().count(),
    "images": len(images),
    "images with files": sum(
        1 for image in images if image.file.name and default_storage.exists(image.file.name)
    ),
    "documents": sorted(Document.objects.values_list("title", flat=True)),
    "users": get_user_model().objects.count(),
    "drafts": Page.objects.filter(depth__gt=1, has_unpublished_changes=True).count(),
    "never published": Page.objects.filter(depth__gt=1, first_published_at=None).count(),
    "themes": dict(Theme.objects.values_list("slug", "name")),
    "regions": sorted(Region.objects.values_list("slug", flat=True)),
    "reference entries": {
        model.__name__: model.objects.count()
        for model in (Audience, Region, Operator, Theme, Scheme)
    },
    "first published": {o.slug: o.first_published_at.isoformat(timespec="seconds") for o in offers},
    "editors": {o.slug: o.owner_editor and o.owner_editor.username for o in offers},
    "summaries": {o.slug: o.summary for o in offers},
    "offer links": {o.slug: o.how_to_access for o in offers if "document" in o.how_to_access},
}))
"""

# Every table's row count: what an import that is refused must leave untouched.
ROW_COUNTS = """
import json
from django.apps import apps
print(json.dumps({
    model._meta.db_table: model._base_manager.count()
    for model in apps.get_models(include_auto_created=True)
    if model._meta.managed and not model._meta.proxy
}))
"""

PUBLIC_PAGES = """
import json
from wagtail.models import Page
from cms.videos.models import VideoPage
urls = [page.url for page in Page.objects.live().public().specific() if page.url]
urls += ["/oembed/?url=" + video.full_url + "&format=json" for video in VideoPage.objects.live()]
urls += ["/api/v2/videos/", "/api/v2/offers/", "/api/v2/news/", "/sitemap.xml"]
print(json.dumps(urls))
"""

# At the source, before the first import: a document linked from an offer.
ATTACH_DOCUMENT = """
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from cms.offers.models import OfferPage

document = Document(title="Fiche pratique VAE")
document.file.save("fiche-vae.pdf", ContentFile(b"%PDF-1.4 fiche pratique"), save=False)
document.save()
offer = OfferPage.objects.live().order_by("slug").first()
offer.how_to_access = f'<p>Voir la <a id="{document.pk}" linktype="document">fiche</a>.</p>'
offer.save_revision().publish()
print(offer.slug)
"""

# At the source, between the two imports: an editor edits one offer and renames one theme.
EDIT_SOURCE = """
from cms.offers.models import OfferPage
from cms.taxonomies.models import Theme

offer = OfferPage.objects.live().order_by("slug").last()
offer.summary = "Résumé revu à la source avant le second import."
offer.save_revision().publish()
theme = Theme.objects.get(slug="handicap-et-emploi")
theme.name = "Handicap, santé et emploi"
theme.save()
print(offer.slug)
"""


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    # On the suite's own database engine: CI runs the suite on SQLite and on PostgreSQL.
    engine = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    source, destination = start_two_instances(tmp_path_factory.mktemp("instances"), database=engine)
    yield source, destination
    source.stop()
    destination.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def form_editor(instances):
    """The destination's editor, created by its superuser through Wagtail's user form."""
    _source, destination = instances
    admin = destination.sign_in("superviseur@production.example")
    form = admin.get(f"{destination.url}/admin/users/new/", timeout=60)
    assert form.status_code == 200 and form.url.endswith("/admin/users/new/"), form.url
    token = admin.cookies["csrftoken"]
    group_id = destination.shell(
        "from django.contrib.auth.models import Group; print(Group.objects.get(name='Éditeurs').pk)"
    ).strip()
    assert f'value="{group_id}"' in form.text  # the form offers the group
    answer = admin.post(
        f"{destination.url}/admin/users/new/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "editrice",
            "email": EDITOR_EMAIL,
            "first_name": "Élise",
            "last_name": "Durand",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "groups": [group_id],
        },
        headers={"Referer": f"{destination.url}/admin/users/new/"},
        timeout=60,
    )
    assert answer.url.rstrip("/").endswith("/admin/users"), answer.text[-2000:]
    flags = destination.shell(
        "from django.contrib.auth import get_user_model; u = get_user_model().objects.get("
        "username='editrice'); print(u.is_staff, u.is_superuser, list(u.groups.values_list("
        "'name', flat=True)))"
    )
    assert flags.strip() == "False False ['Éditeurs']"
    return EDITOR_EMAIL


def counts(instance):
    return json.loads(instance.shell(COUNTS))


def figures(label, values):
    """The must-show figures, printed for the record (pytest -s)."""
    shown = {
        "pages": values["pages"],
        "images with files": f"{values['images with files']}/{values['images']}",
        **{
            name: values["reference entries"][model]
            for name, model in (
                ("themes", "Theme"),
                ("audiences", "Audience"),
                ("operators", "Operator"),
                ("schemes", "Scheme"),
            )
        },
    }
    print(f"{label}: {json.dumps(shown, ensure_ascii=False)}")
    return shown


def server_errors(instance):
    """Every public page of the instance, requested anonymously: those answering 500 or more."""
    urls = json.loads(instance.shell(PUBLIC_PAGES))
    session = requests.Session()
    failures = {}
    for url in urls:
        status = session.get(f"{instance.url}{url}", timeout=60).status_code
        if status >= 500:
            failures[url] = status
    print(f"crawl of {instance.name}: {len(urls)} public addresses, {len(failures)} errors")
    return len(urls), failures


def chooser(session, destination, query):
    """What the import screen's page chooser asks, through the destination's proxy."""
    response = session.get(
        f"{destination.url}/admin/wagtail-transfer/api/chooser-proxy/{SOURCE_NAME}/?{query}",
        headers={"Accept": "application/json"},
        timeout=60,
    )
    assert response.status_code == 200
    return response.json()["items"]


def source_page_ids(session, destination):
    (home,) = chooser(session, destination, "child_of=root")
    sections = chooser(session, destination, f"child_of={home['id']}&limit=50")
    ids = {item["meta"]["slug"]: item["id"] for item in sections}
    videos = chooser(session, destination, f"child_of={ids['videos']}&limit=50")
    ids["a video"] = next(i["id"] for i in videos if i["meta"]["type"] == "videos.VideoPage")
    return ids


def submit_import(session, destination, source_page_id=None, dest_page_id=None, model=None):
    """The import screen's form, posted without the widget (snippets, refusals)."""
    screen = session.get(f"{destination.url}/admin/wagtail-transfer/choose/", timeout=60)
    token = re.search(r'data-csrf-token="([^"]+)"', screen.text).group(1)
    if model:
        form = {"type": "model", "source_model": model}
    else:
        form = {"type": "page", "source_page_id": source_page_id, "dest_page_id": dest_page_id}
    response = session.post(
        f"{destination.url}/admin/wagtail-transfer/import/",
        data={"csrfmiddlewaretoken": token, "source": SOURCE_NAME, **form},
        headers={"Referer": f"{destination.url}/admin/wagtail-transfer/choose/"},
        timeout=180,
    )
    assert response.status_code == 200, response.text[-3000:]
    return response


def destination_home_id(destination):
    return int(
        destination.shell(
            "from wagtail.models import Site; print(Site.objects.get(is_default_site=True)"
            ".root_page_id)"
        )
    )


class ImportScreen:
    """The destination's import screen in Chromium, driven as an editor does."""

    def __init__(self, page, destination):
        self.page = page
        self.destination = destination
        self.states = {}

    def sign_in(self, email):
        self.page.goto(f"{self.destination.url}/admin/login/")
        self.page.fill("input[name=username]", email)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.destination.url}/admin/")

    def open(self):
        self.page.goto(f"{self.destination.url}/admin/wagtail-transfer/choose/")
        self.page.wait_for_selector(".transfer.numbered")

    def record(self, state):
        """English strings and axe-core violations of the screen as it is now."""
        from axe_playwright_python.sync_playwright import Axe

        # Wagtail's messages fade in: axe reads colours once nothing is moving any more.
        self.page.evaluate("Promise.all(document.getAnimations().map((a) => a.finished))")
        strings, _urls = read_page(self.page.content())
        english = sorted({text for text in strings if is_english(text)})
        violations = [
            (violation["id"], violation["impact"], [n["target"] for n in violation["nodes"]])
            for violation in Axe().run(self.page).response["violations"]
        ]
        self.states[state] = {"english": english, "axe": violations}

    def choose_in_dialog(self, *path):
        """In the open chooser dialog: go down through ``path[:-1]``, choose ``path[-1]``."""
        dialog = self.page.locator(".modal")
        dialog.wait_for()
        for number, title in enumerate(path[:-1]):
            link = dialog.get_by_role("link", name=f"Sous-pages de {title}", exact=True)
            inside = dialog.locator("thead", has_text=title)
            # The widget may reopen where the editor last browsed: already inside, go on; deeper
            # than the first step, back to the root through the breadcrumb first.
            dialog.locator("tbody tr").first.wait_for()
            if number == 0 and not (link.is_visible() or inside.is_visible()):
                dialog.locator("ul.breadcrumb a").first.click()
            link.or_(inside).first.wait_for()
            if not inside.is_visible():
                link.click()
                inside.wait_for()
        exact = re.compile(f"^\\s*{re.escape(path[-1])}\\s*$")
        dialog.locator("tbody a.choose-page").filter(has_text=exact).first.click()
        dialog.wait_for(state="detached")

    def choose_source_page(self, *path, state=None):
        self.page.get_by_role("button", name="Choisir une page").first.click()
        if state:
            self.page.locator(".modal a.choose-page").first.wait_for()
            self.record(state)
        self.choose_in_dialog(*path)

    def choose_destination(self, *path):
        self.page.get_by_role("heading", name="Où la placer sur ce site").wait_for()
        self.page.get_by_role("button", name="Choisir une page").click()
        self.choose_in_dialog(*path)

    def submit(self):
        button = self.page.locator("button.button-primary", has_text=re.compile(r"^Importer \d+"))
        button.wait_for()
        label = button.inner_text()
        with self.page.expect_navigation(timeout=300_000):
            button.click()
        self.page.wait_for_selector(".messages")
        return label, self.page.locator(".messages").inner_text()


SOURCE_TITLES = """
import json
from wagtail.models import Page, Site
home = Site.objects.get(is_default_site=True).root_page
print(json.dumps({
    "home": home.title,
    **{page.slug: page.title for page in home.get_children()},
    "a news item": Page.objects.get(slug="actualites").get_children().live().first().title,
}))
"""


def source_titles(source):
    return json.loads(source.shell(SOURCE_TITLES))


def test_media_the_source_cannot_serve_stops_the_import_and_nothing_is_written(
    instances, form_editor
):
    source, destination = instances
    editor = destination.sign_in(form_editor)
    ids = source_page_ids(editor, destination)
    home = destination_home_id(destination)
    before = json.loads(destination.shell(ROW_COUNTS))
    # The source announces its files at an address that serves nothing (a wrong
    # WAGTAILADMIN_BASE_URL, a web server that does not publish /media/).
    unserved = f"http://127.0.0.1:{free_port(taken={source.port, destination.port})}"
    source.restart(WAGTAILADMIN_BASE_URL=unserved)
    try:
        answer = submit_import(editor, destination, ids["videos"], home)
    finally:
        source.restart(WAGTAILADMIN_BASE_URL=source.url)
    assert answer.url.endswith("/admin/wagtail-transfer/choose/")
    message = re.search(r"Rien n’a été importé[^<]*", answer.text)
    assert message, re.findall(r'class="messages".{0,600}', answer.text, re.S)
    message = message.group(0)
    print("refused import:", message)
    assert "n’ont pas pu être récupérés depuis la source «\u00a0preproduction\u00a0»" in message
    assert f"adresse essayée\u00a0: {unserved}/media/original_images/" in message
    assert ".png" in message or ".jpg" in message
    after = json.loads(destination.shell(ROW_COUNTS))
    changed = {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }
    print(f"refused import: {len(before)} tables, rows changed: {changed}")
    assert changed == {}
    assert not list((destination.media / "original_images").glob("*"))


def test_an_editor_imports_and_updates_sections_with_the_widget(instances, browser, form_editor):
    source, destination = instances
    linked_offer = source.shell(ATTACH_DOCUMENT).strip()
    titles = source_titles(source)
    home_here = destination.shell(
        "from wagtail.models import Site; print(Site.objects.get(is_default_site=True)"
        ".root_page.title)"
    ).strip()
    at_source, before = counts(source), counts(destination)
    figures("source", at_source)
    figures("destination before the first import", before)
    assert at_source["offers"] >= 40 and at_source["videos"] >= 10 and at_source["images"] >= 10
    assert at_source["images with files"] == at_source["images"]
    assert before["offers"] == before["videos"] == before["images"] == 0
    assert before["themes"]["handicap-et-emploi"] == "Handicap et emploi"

    context = browser.new_context(locale="fr-FR", reduced_motion="reduce")
    context.set_default_timeout(60_000)
    page = context.new_page()
    screen = ImportScreen(page, destination)
    try:
        screen.sign_in(form_editor)
        # The menu entry, for an editor who is not a staff user.
        assert page.get_by_role("link", name="Importer depuis une autre instance").count() == 1
        screen.open()
        screen.record("choose source")
        assert page.get_by_label("Instance source").input_value() == SOURCE_NAME

        # First import: /offres/ and /videos/ onto the sections setup_site made here.
        labels = {}
        for number, section in enumerate(("offres", "videos")):
            screen.choose_source_page(
                titles["home"], titles[section], state="choose page" if not number else None
            )
            screen.choose_destination(home_here)
            if not number:
                screen.record("confirm")
            labels[section], message = screen.submit()
            assert "importées depuis «\u00a0preproduction\u00a0»" in message, message
            if not number:
                screen.record("success")
            screen.open()
        first = counts(destination)
        figures("destination after the first import", first)
        for key in (
            "offers",
            "live offers",
            "videos",
            "playlists",
            "images",
            "images with files",
            "first published",
        ):
            assert first[key] == at_source[key], key
        assert first["documents"] == at_source["documents"] == ["Fiche pratique VAE"]
        assert first["drafts"] == first["never published"] == 0
        # Reference lists: the source's entries plus this instance's own, one row per slug.
        assert first["themes"] == {
            **at_source["themes"],
            "theme-production": before["themes"]["theme-production"],
        }
        assert set(first["regions"]) - set(at_source["regions"]) == {"region-production"}
        # No account travels; the editor responsible is matched by username (here an editor
        # created through Wagtail's form, not staff), or left empty.
        assert first["users"] == before["users"]
        assert first["editors"] == {
            slug: username if username == "editrice" else None
            for slug, username in at_source["editors"].items()
        }
        assert "editrice" in first["editors"].values()
        assert re.search(r'linktype="document"', first["offer links"][linked_offer])
        crawled, errors = server_errors(destination)
        assert crawled > at_source["offers"] + at_source["videos"] and errors == {}

        # The source is edited; the editor imports again from the screen: the widget knows the
        # pages are here and sends no destination; they are updated in place.
        edited_offer = source.shell(EDIT_SOURCE).strip()
        for number, section in enumerate(("offres", "videos")):
            screen.choose_source_page(titles["home"], titles[section])
            page.get_by_role("heading", name=ALREADY_HERE).wait_for()
            if not number:
                screen.record("already imported")
            assert page.get_by_role("button", name="Choisir une page").count() == 0
            _label, message = screen.submit()
            assert "importées depuis «\u00a0preproduction\u00a0»" in message, message
            screen.open()
        second = counts(destination)
        figures("destination after the second import", second)
        for key in ("pages", "offers", "videos", "playlists", "images", "documents", "users"):
            assert second[key] == first[key], key
        assert second["images with files"] == second["images"]
        assert second["reference entries"] == first["reference entries"]
        assert (
            second["summaries"][edited_offer] == "Résumé revu à la source avant le second import."
        )
        assert second["themes"]["handicap-et-emploi"] == "Handicap, santé et emploi"
        assert second["drafts"] == 0
        crawled, errors = server_errors(destination)
        assert errors == {}

        # A news item under the home page breaks the page-type rules: refused, nothing written.
        screen.choose_source_page(titles["home"], titles["actualites"], titles["a news item"])
        screen.choose_destination(home_here)
        _label, message = screen.submit()
        assert "ne peut pas être placée sous" in message
        screen.record("error")
        assert counts(destination)["pages"] == second["pages"]
    finally:
        context.close()

    print("import screen:", json.dumps(screen.states, ensure_ascii=False))
    assert set(screen.states) == {
        "choose source",
        "choose page",
        "confirm",
        "success",
        "already imported",
        "error",
    }
    assert {state: found["english"] for state, found in screen.states.items()} == {
        state: [] for state in screen.states
    }
    assert {state: found["axe"] for state, found in screen.states.items()} == {
        state: [] for state in screen.states
    }
    assert labels == {
        "offres": f"Importer {at_source['offers'] + 1} pages",
        "videos": labels["videos"],
    }


def test_reference_lists_import_as_snippets(instances, form_editor):
    source, destination = instances
    editor = destination.sign_in(form_editor)
    answer = submit_import(editor, destination, model="taxonomies.scheme")
    assert "Import depuis «\u00a0preproduction\u00a0» terminé." in answer.text
    at_source = counts(source)["reference entries"]["Scheme"]
    assert counts(destination)["reference entries"]["Scheme"] == at_source


def test_a_writer_may_not_import(instances):
    _source, destination = instances
    writer = destination.sign_in("redacteur@production.example")
    # Wagtail's admin answers a refused permission by a redirect to the dashboard, with a message.
    screen = writer.get(f"{destination.url}/admin/wagtail-transfer/choose/", timeout=60)
    assert screen.url == f"{destination.url}/admin/"
    assert "Importer depuis une autre instance" not in screen.text
    answer = writer.post(
        f"{destination.url}/admin/wagtail-transfer/import/",
        data={
            "csrfmiddlewaretoken": writer.cookies["csrftoken"],
            "type": "page",
            "source": SOURCE_NAME,
            "source_page_id": 1,
            "dest_page_id": 1,
        },
        headers={"Referer": f"{destination.url}/admin/"},
        timeout=60,
        allow_redirects=False,
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/admin/"
