import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.editorial import EDITORS_GROUP
from community import demo as community_demo

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


def counts():
    return {
        "users": get_user_model().objects.count(),
        "pages": Page.objects.count(),
        "forums": Forum.objects.count(),
        "topics": Topic.objects.count(),
        "posts": Post.objects.count(),
    }


@pytest.mark.django_db
def test_load_demo_is_idempotent_and_prints_the_accounts(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = counts()
    assert first["users"] == len(community_demo.DEMO_ACCOUNTS)
    assert first["forums"] >= 10
    assert first["topics"] >= 5
    assert "ComCep-demo-2026" in out.getvalue()
    for username in ("editrice", "moderateur", "sophie", "julien"):
        assert username in out.getvalue()

    # The demo is built on setup_site: French role groups only, the editor among the "Éditeurs".
    assert "Page d’accueil : 1 créée(s)." in out.getvalue()
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    editor = get_user_model().objects.get(username="editrice")
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]

    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_load_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=io.StringIO())
    assert get_user_model().objects.count() == 0

    call_command("load_demo", "--force", stdout=io.StringIO())
    assert get_user_model().objects.count() == len(community_demo.DEMO_ACCOUNTS)
