import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from machina.core.db.models import get_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from cms.editorial import EDITORS_GROUP, RETIRED_WORKFLOW_NAME, WRITERS_GROUP
from cms.news.models import NewsIndexPage
from cms.offers.models import OfferIndexPage
from cms.standard.models import StandardPage
from cms.structures.models import StructureIndexPage
from cms.videos.models import VideoIndexPage
from community.accounts.charter import CHARTER_SLUG
from community.accounts.roles import COUNSELLORS_GROUP, ROLE_GROUPS, pilot_forums
from home.models import HomePage
from tests.conftest import text_of

Forum = get_model("forum", "Forum")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

WAGTAIL_WELCOME = "Welcome to your new Wagtail site!"
LEGAL_SLUGS = {"mentions-legales", "accessibilite", "donnees-personnelles"}
COUNT_LINE = re.compile(r"(\d+) (?:créée?\(s\)|modifiée?\(s\)|supprimé\(s\))")


@pytest.fixture
def fresh_database(db):
    """The test database as migrations leave it: Wagtail's English defaults are all there."""
    assert Page.objects.filter(depth=1, title="Root").exists()
    assert Page.objects.filter(title=WAGTAIL_WELCOME).exists()
    assert Workflow.objects.filter(name="Moderators approval").exists()
    assert Group.objects.filter(name__in=["Moderators", "Editors"]).count() == 2
    assert not HomePage.objects.exists()


def setup_site():
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "collections": Collection.objects.count(),
        "groups": Group.objects.count(),
        "group model permissions": Group.permissions.through.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "workflows": Workflow.objects.count(),
        "tasks": Task.objects.count(),
        "workflow pages": WorkflowPage.objects.count(),
        "forums": Forum.objects.count(),
        "group forum permissions": GroupForumPermission.objects.count(),
        "user forum permissions": UserForumPermission.objects.count(),
    }


def test_setup_site_builds_a_french_site_on_the_configured_host(client, fresh_database, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"  # what `make run` serves
    out = setup_site()

    site = Site.objects.get()
    assert (site.hostname, site.port, site.is_default_site) == ("127.0.0.1", 8000, True)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.live
    for model, slug in (
        (OfferIndexPage, "offres"),
        (StructureIndexPage, "structures"),
        (NewsIndexPage, "actualites"),
        (VideoIndexPage, "videos"),
    ):
        index = model.objects.child_of(home).live().get()
        assert index.slug == slug
    standard = StandardPage.objects.child_of(home).live()
    assert set(standard.values_list("slug", flat=True)) == {*LEGAL_SLUGS, CHARTER_SLUG}

    # French names everywhere, nothing left of Wagtail's English defaults.
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLE_GROUPS)
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Relecture"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Relecture par un éditeur"]
    titles = set(Page.objects.values_list("title", flat=True))
    assert not titles & {"Root", WAGTAIL_WELCOME}
    assert Page.get_first_root_node().title == "Racine"
    assert list(Collection.objects.values_list("name", flat=True)) == ["Racine"]
    for page in (home, *standard, *Page.objects.child_of(home)):
        assert page.get_workflow().name == "Relecture", page.title

    # The forum's product structure: roles applied, the pilot rubric private.
    pilot = pilot_forums()
    assert [forum.name for forum in pilot] == ["Groupe pilote", "Retours sur la bêta"]
    assert not GroupForumPermission.objects.filter(
        forum=pilot[1], group__name=COUNSELLORS_GROUP, has_perm=True
    ).exists()
    assert GroupForumPermission.objects.filter(
        forum=None, group__name=COUNSELLORS_GROUP, permission__codename="can_start_new_topics"
    ).exists()

    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    text = text_of(html)
    assert "Bienvenue sur ComCep" in text
    assert "Mentions légales" in text
    assert "Page d’accueil : 1 créée(s)." in out


def test_editorial_groups_get_the_admin_rights_of_wagtails_english_groups(client, fresh_database):
    english_moderator = get_user_model().objects.create_user("ancienne", "a@centre-inffo.example")
    english_moderator.groups.add(Group.objects.get(name="Moderators"))
    setup_site()
    home = HomePage.objects.get()

    # Members of the English groups are not locked out: they join the French role.
    assert list(english_moderator.groups.values_list("name", flat=True)) == [EDITORS_GROUP]
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert editors.permissions.filter(codename="access_admin").exists()
    assert set(
        GroupPagePermission.objects.filter(group=editors, page=home).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}

    writer = get_user_model().objects.create_user("redactrice", "r@centre-inffo.example")
    writer.groups.add(Group.objects.get(name=WRITERS_GROUP))
    for user in (english_moderator, writer):
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        assert client.get(f"/admin/pages/{home.pk}/").status_code == 200
        assert client.get(f"/admin/pages/{home.pk}/edit/").status_code == 200
        # Images and documents are checked per collection, not by model permission.
        assert client.get("/admin/images/multiple/add/").status_code == 200
        assert client.get("/admin/documents/multiple/add/").status_code == 200


def test_second_run_creates_nothing(fresh_database):
    first_output = setup_site()
    before = counts()
    second_output = setup_site()

    assert counts() == before
    first_numbers = [int(n) for n in COUNT_LINE.findall(first_output)]
    second_numbers = [int(n) for n in COUNT_LINE.findall(second_output)]
    assert len(second_numbers) == len(first_numbers) >= 10
    assert any(first_numbers)
    assert second_numbers == [0] * len(second_numbers)


def test_site_follows_the_public_address(settings, fresh_database):
    settings.WAGTAILADMIN_BASE_URL = "https://comcep.example"
    out = setup_site()
    site = Site.objects.get()
    assert (site.hostname, site.port) == ("comcep.example", 443)
    assert "(comcep.example, port 443)" in out

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    setup_site()
    site = Site.objects.get()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)


def test_default_workflow_with_history_is_retired_in_french(fresh_database):
    """A page already submitted to "Moderators approval" keeps its history; the workflow stops."""
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Ancienne page", slug="ancienne-page"))
    submitter = get_user_model().objects.create_user("auteur", "auteur@centre-inffo.example")
    page.save_revision(user=submitter)
    state = page.get_workflow().start(page, submitter)
    assert state.workflow.name == "Moderators approval"

    out = setup_site()

    assert "Groupes et workflow anglais par défaut de Wagtail : 4 supprimé(s)." in out
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    retired = Workflow.objects.get(name=RETIRED_WORKFLOW_NAME)
    assert not retired.active
    assert not WorkflowPage.objects.filter(workflow=retired).exists()
    state.refresh_from_db()
    assert state.workflow == retired
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert Page.objects.get(pk=page.pk).get_workflow() is None
    assert HomePage.objects.get().get_workflow().name == "Relecture"


def test_writers_add_and_choose_media_but_do_not_change_others(fresh_database):
    setup_site()
    writers = Group.objects.get(name=WRITERS_GROUP)
    codenames = set(
        GroupCollectionPermission.objects.filter(group=writers).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_image", "choose_image", "add_document", "choose_document"}
    assert Permission.objects.filter(codename="access_admin", group=writers).exists()
