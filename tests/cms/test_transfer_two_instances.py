"""wagtail-transfer between two live instances, as an editor uses it (transfer_instances.py).

The destination's editor signs in to its admin, browses the source through the import screen's
chooser and submits the import form; the destination fetches everything from the source's export
API over HTTP. Two servers, two databases, nothing mocked.
"""

import json
import re

import pytest

from .transfer_instances import SOURCE_NAME, start_two_instances

pytestmark = pytest.mark.xdist_group("transfer")

COUNTS = """
import json
from django.contrib.auth import get_user_model
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page
from cms.offers.models import OfferPage
from cms.taxonomies.models import Audience, Operator, Region, Scheme, Theme
from cms.videos.models import PlaylistPage, VideoPage

# Only live pages travel: a member's proposal waiting in review stays at the source.
offers = OfferPage.objects.live().order_by("slug")
print(json.dumps({
    "pages": Page.objects.count(),
    "offers": offers.count(),
    "live offers": offers.live().count(),
    "videos": VideoPage.objects.live().count(),
    "playlists": PlaylistPage.objects.live().count(),
    "images": Image.objects.count(),
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
    source, destination = start_two_instances(tmp_path_factory.mktemp("instances"))
    yield source, destination
    source.stop()
    destination.stop()


def counts(instance):
    return json.loads(instance.shell(COUNTS))


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
    """The import screen's form: a page and where to put it, or a snippet model."""
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
        timeout=120,
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


def test_the_catalogue_and_the_videos_move_between_two_live_instances(instances):
    source, destination = instances
    linked_offer = source.shell(ATTACH_DOCUMENT).strip()
    editor = destination.sign_in("editrice@production.example")
    screen = editor.get(f"{destination.url}/admin/wagtail-transfer/choose/", timeout=60)
    assert screen.status_code == 200
    assert "Importer depuis un autre site" in screen.text
    ids = source_page_ids(editor, destination)
    home = destination_home_id(destination)
    at_source, before = counts(source), counts(destination)
    assert at_source["offers"] >= 40 and at_source["videos"] >= 10 and at_source["images"] >= 10
    assert before["offers"] == before["videos"] == before["images"] == 0
    assert before["themes"]["handicap-et-emploi"] == "Handicap et emploi"

    # First import: /offres/ and /videos/ onto the sections setup_site made here.
    for section in ("offres", "videos"):
        answer = submit_import(editor, destination, ids[section], home)
        assert "importées depuis «\u00a0preproduction\u00a0»" in answer.text
    first = counts(destination)
    for key in ("offers", "live offers", "videos", "playlists", "images", "first published"):
        assert first[key] == at_source[key], key
    assert first["documents"] == at_source["documents"] == ["Fiche pratique VAE"]
    assert first["drafts"] == first["never published"] == 0
    # Reference lists: the source's entries plus this instance's own, one row per slug.
    assert first["themes"] == {
        **at_source["themes"],
        "theme-production": before["themes"]["theme-production"],
    }
    assert set(first["regions"]) - set(at_source["regions"]) == {"region-production"}
    # No account travels; the editor responsible is matched by username, or left empty.
    assert first["users"] == before["users"]
    assert first["editors"] == {
        slug: username if username == "editrice" else None
        for slug, username in at_source["editors"].items()
    }
    assert any(at_source["editors"].values())
    # The document link points at the document imported here.
    link = first["offer links"][linked_offer]
    assert re.search(r'linktype="document"', link)
    public = destination.url + "/offres/" + linked_offer + "/"
    assert editor.get(public, timeout=60).status_code == 200

    # Second import after an edit and a rename at the source: both arrive, nothing duplicated.
    edited_offer = source.shell(EDIT_SOURCE).strip()
    for section in ("offres", "videos"):
        submit_import(editor, destination, ids[section], home)
    second = counts(destination)
    for key in ("pages", "offers", "videos", "playlists", "images", "documents", "users"):
        assert second[key] == first[key], key
    assert second["reference entries"] == first["reference entries"]
    assert second["summaries"][edited_offer] == "Résumé revu à la source avant le second import."
    assert second["themes"]["handicap-et-emploi"] == "Handicap, santé et emploi"
    assert second["drafts"] == 0

    # A whole reference list, imported as snippets: every scheme of the source, once.
    answer = submit_import(editor, destination, model="taxonomies.scheme")
    assert "Import depuis «\u00a0preproduction\u00a0» terminé." in answer.text
    schemes = counts(destination)["reference entries"]["Scheme"]
    assert schemes == at_source["reference entries"]["Scheme"]

    # A video page under the home page breaks the page-type rules: refused, nothing written.
    answer = submit_import(editor, destination, ids["a video"], home)
    assert "ne peut pas être placée sous" in answer.text
    assert counts(destination)["pages"] == second["pages"]
    assert answer.url.endswith("/admin/wagtail-transfer/choose/")


def test_a_writer_may_not_import(instances):
    _source, destination = instances
    writer = destination.sign_in("redacteur@production.example")
    # Wagtail's admin answers a refused permission by a redirect to the dashboard, with a message.
    screen = writer.get(f"{destination.url}/admin/wagtail-transfer/choose/", timeout=60)
    assert screen.url == f"{destination.url}/admin/"
    assert "Importer depuis un autre site" not in screen.text
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
