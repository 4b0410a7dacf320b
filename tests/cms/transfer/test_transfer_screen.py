"""The import screen as an editor meets it, and what an import leaves behind, in one instance.

The two-instance journey (test_transfer_two_instances.py) drives the widget in Chromium; here:
who sees the menu entry and the screen, the translated widget served by the project, an offer's
editor responsible chosen among the editorial accounts, an image without its file shown without
it, the Django admin's permission names in French, and the forum permission screens of the demo
administrator.
"""

import logging
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.forms.models import apply_limit_choices_to_to_formfield
from django.urls import reverse
from machina.core.db.models import get_model
from wagtail.images import get_image_model
from wagtail_transfer.field_adapters import adapter_registry

from cms.offers.models import OfferPage
from cms.transfer.widget import BUNDLE, widget_script
from community.accounts.roles import EDITORS_GROUP, WRITERS_GROUP
from tests.cms.admin_crawl import is_english, read_page
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.cms.videos.videos_support import make_thumbnail
from tests.conftest import text_of

Forum = get_model("forum", "Forum")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
ForumPermission = get_model("forum_permission", "ForumPermission")

SOURCE = {
    "recette": {
        "BASE_URL": "https://recette.comcep.example/wagtail-transfer/",
        "SECRET_KEY": "k" * 50,
    }
}
CHOOSE_URL = "/admin/wagtail-transfer/choose/"


@pytest.fixture
def editorial_groups(portal):
    from home.site import setup_site

    setup_site(lambda line: None)
    return Group.objects.get(name=EDITORS_GROUP), Group.objects.get(name=WRITERS_GROUP)


@pytest.fixture
def form_editor(client, django_user_model, editorial_groups):
    """An editor created the way Wagtail's admin creates one: its user form, never is_staff."""
    admin = django_user_model.objects.create_superuser(
        username="superviseur", email="superviseur@comcep.example", password="x"
    )
    client.force_login(admin)
    editors, _writers = editorial_groups
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "camille",
            "email": "camille@comcep.example",
            "first_name": "Camille",
            "last_name": "Martin",
            "password1": "Mot-de-passe-solide-2026",
            "password2": "Mot-de-passe-solide-2026",
            "groups": [editors.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    client.logout()
    editor = django_user_model.objects.get(username="camille")
    assert not editor.is_staff and not editor.is_superuser
    return editor


def menu_labels(html):
    strings, _urls = read_page(html)
    return strings


def test_an_editor_from_wagtails_user_form_has_the_menu_entry_and_the_french_screen(
    client, settings, form_editor
):
    settings.WAGTAILTRANSFER_SOURCES = SOURCE
    client.force_login(form_editor)
    dashboard = client.get("/admin/")
    assert "Importer depuis une autre instance" in menu_labels(dashboard.content.decode())
    assert "Import" not in menu_labels(dashboard.content.decode())

    screen = client.get(CHOOSE_URL)
    assert screen.status_code == 200
    soup = BeautifulSoup(screen.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Importer depuis une autre instance"
    widget = soup.select_one("[data-wagtail-component=content-import-form]")
    assert '"value": "recette"' in widget["data-sources"]
    script = soup.find("script", src=re.compile("/admin/wagtail-transfer/widget.js"))
    assert script is not None
    assert not soup.find("script", src=re.compile("wagtail_transfer/js/wagtail_transfer.js"))
    english = [text for text in menu_labels(screen.content.decode()) if is_english(text)]
    assert english == []


def test_without_a_source_the_screen_explains_how_to_configure_one(client, settings, form_editor):
    settings.WAGTAILTRANSFER_SOURCES = {}
    client.force_login(form_editor)
    dashboard = client.get("/admin/")
    assert "Importer depuis une autre instance" in menu_labels(dashboard.content.decode())
    screen = client.get(CHOOSE_URL)
    assert screen.status_code == 200
    text = text_of(screen.content)
    assert "Aucune instance source n’est configurée" in text
    for variable in (
        "WAGTAILTRANSFER_SOURCE_NAME",
        "WAGTAILTRANSFER_SOURCE_URL",
        "WAGTAILTRANSFER_SOURCE_SECRET_KEY",
    ):
        assert variable in text
    assert [s for s in menu_labels(screen.content.decode()) if is_english(s)] == []


def test_writers_have_neither_the_entry_nor_the_screen_nor_the_widget(
    client, settings, django_user_model, editorial_groups
):
    settings.WAGTAILTRANSFER_SOURCES = SOURCE
    _editors, writers = editorial_groups
    writer = django_user_model.objects.create_user("redacteur", "r@comcep.example", "x")
    writer.groups.add(writers)
    client.force_login(writer)
    assert "Importer depuis une autre instance" not in menu_labels(
        client.get("/admin/").content.decode()
    )
    assert client.get(CHOOSE_URL).url == "/admin/"
    assert client.get("/admin/wagtail-transfer/widget.js").status_code == 302


def test_the_widget_is_served_in_french_with_labels_and_a_readable_dialog(client, form_editor):
    client.force_login(form_editor)
    response = client.get("/admin/wagtail-transfer/widget.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    script = response.content.decode()
    original = BUNDLE.read_text(encoding="utf-8")
    english = [
        "Select a site",
        "Select source site",
        "Select pages or snippets to import",
        "This page already exists at the destination",
        "Select destination parent page",
        '"Import ".concat',
        "Choose a parent page",
        "Choose a snippet",
        "All child pages will be imported",
        "Imported pages will be created as children",
        "There are no matches",
        '"Previous"',
        '"Next")',
        '"Change"',
        "Search term:",
        "Snippet Name",
        "Select Snippet",
        "Explore subpages of",
        "Response timeout",
        "n.fromNow()",
    ]
    for text in english:
        assert text in original, text  # the fragment exists in wagtail-transfer's bundle…
        assert text not in script, text  # …and not in what the project serves
    for french in (
        "Instance source",
        "Choisir l’instance source",
        "Cette page existe déjà sur ce site\u00a0: elle sera mise à jour sur place.",
        "Importer %(count)s pages",
        "Les pages importées seront placées sous cette page.",
        "Aucune page ne correspond",
        "Page %(page)s sur %(pages)s.",
    ):
        assert french in script, french
    assert '"aria-label":"Instance source"' in script
    assert 'role:"dialog","aria-modal":!0' in script
    assert 'n.locale("fr").fromNow()' in script
    assert widget_script() == script


def test_an_offers_editor_responsible_is_any_editorial_account(
    portal, django_user_model, form_editor, editorial_groups, make_member
):
    catalogue = OfferPage.allowed_parent_page_models()[0].objects.first()
    offer = OfferPage(
        title="Bilan de compétences",
        kind=OfferPage.Kind.SERVICE,
        summary="Résumé.",
        owner_editor=form_editor,
    )
    catalogue.add_child(instance=offer)
    offer.full_clean()  # a non-staff editor is accepted
    counsellor = make_member(username="conseillere")
    offer.owner_editor = counsellor
    with pytest.raises(ValidationError) as refused:
        offer.full_clean()
    assert "owner_editor" in refused.value.error_dict
    # The editor page's choices: editorial accounts, each once (one in both groups too).
    form_editor.groups.add(editorial_groups[1])
    field = OfferPage._meta.get_field("owner_editor").formfield()
    apply_limit_choices_to_to_formfield(field)
    choices = [int(str(pk)) for pk, _label in field.choices if pk]
    superuser = django_user_model.objects.get(username="superviseur")
    assert sorted(choices) == sorted([form_editor.pk, superuser.pk])

    # An import matching the username of an account that may not be responsible leaves it empty.
    adapter = adapter_registry.get_field_adapter(OfferPage._meta.get_field("owner_editor"))
    user_model = adapter.related_base_model
    ids = {(user_model, 7): form_editor.pk, (user_model, 8): counsellor.pk}
    assert adapter.update_object_references(7, ids) == form_editor.pk
    assert adapter.update_object_references(8, ids) is None
    assert adapter.update_object_references(9, ids) is None


def test_a_video_whose_image_has_no_file_is_shown_without_it(
    client, make_video, video_index, caplog
):
    image = make_thumbnail("Vignette sans fichier")
    get_image_model().objects.filter(pk=image.pk).update(file="")
    video = make_video(title="Capsule sans vignette", thumbnail=get_image_model().objects.get())
    with caplog.at_level(logging.WARNING, logger="cms.image_files"):
        for url in (
            video.url,
            video_index.url,
            f"/api/v2/videos/{video.pk}/",
            "/api/v2/videos/",
            f"/oembed/?url=http%3A%2F%2Ftestserver{video.url}&format=json",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
    assert "Vignette sans fichier" in caplog.text and "has no file" in caplog.text
    page = BeautifulSoup(client.get(video.url).content, "html.parser")
    assert page.select_one("img.video-player__poster") is None
    assert client.get(f"/api/v2/videos/{video.pk}/").json()["thumbnail"] is None


def test_permission_names_in_the_django_admin_are_french(client, django_user_model, portal):
    admin = django_user_model.objects.create_superuser(
        username="superviseur", email="superviseur@comcep.example", password="x"
    )
    client.force_login(admin)
    for url in ("/django-admin/auth/group/add/", f"/django-admin/accounts/user/{admin.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        select = soup.select_one("select[name=permissions], select[name=user_permissions]")
        labels = [option.get_text() for option in select.find_all("option")]
        assert len(labels) == Permission.objects.count() > 300
        assert [label for label in labels if " | Can " in label] == []
        member = django_user_model._meta.verbose_name
        assert f"Comptes | {member} | Peut ajouter {member}" in labels
        assert any("Peut importer des pages" in label for label in labels)


def test_the_demo_administrator_manages_a_rubrics_forum_permissions(client, portal):
    from community.demo import ensure_demo_accounts, ensure_rubrics

    ensure_demo_accounts()
    ensure_rubrics()
    rubric = Forum.objects.filter(type=Forum.FORUM_POST).order_by("pk").first()
    group = Group.objects.get(name="Conseillers")
    client.force_login(get_model("accounts", "User").objects.get(username="admin"))

    index = client.get(f"/django-admin/forum/forum/{rubric.pk}/edit-permissions/")
    assert index.status_code == 200
    soup = BeautifulSoup(index.content, "html.parser")
    assert soup.select_one("input[name=group]") is not None
    # The group picker's lookup: the list of groups, which this account may view.
    lookup = soup.select_one("a.related-lookup#lookup_id_group")
    assert client.get(lookup["href"]).status_code == 200
    picked = client.post(
        f"/django-admin/forum/forum/{rubric.pk}/edit-permissions/",
        {"group": group.pk, "_select_group": "1"},
    )
    group_url = f"/django-admin/forum/forum/{rubric.pk}/edit-permissions/group/{group.pk}/"
    assert picked.status_code == 302 and picked.url == group_url
    screen = client.get(group_url)
    assert screen.status_code == 200
    form = BeautifulSoup(screen.content, "html.parser")
    fields = {
        radio["name"]: radio["value"] for radio in form.select("form input[type=radio][checked]")
    }
    assert len(fields) == ForumPermission.objects.count() >= 15
    assert "can_post_announcements" in fields
    assert "Accordée" in text_of(screen.content) and "Refusée" in text_of(screen.content)
    fields["can_post_announcements"] = "granted"
    saved = client.post(group_url, fields)
    assert saved.status_code == 200  # machina shows the form again, with a message
    shown = BeautifulSoup(saved.content, "html.parser")
    assert shown.select_one("input[name=can_post_announcements][value=granted][checked]")
    assert GroupForumPermission.objects.get(
        forum=rubric, group=group, permission__codename="can_post_announcements"
    ).has_perm


def test_the_import_screen_costs_the_same_queries_whatever_the_number_of_sources(
    client, settings, form_editor
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(form_editor)
    counts = []
    for number in (1, 5):
        settings.WAGTAILTRANSFER_SOURCES = {
            f"source{n}": {**SOURCE["recette"]} for n in range(number)
        }
        client.get(CHOOSE_URL)  # sessions, caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHOOSE_URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12, counts
