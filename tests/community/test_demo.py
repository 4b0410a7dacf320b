import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from machina.core.db.models import get_model

from cms.standard.models import StandardPage
from community.accounts.charter import CHARTER_SLUG
from community.accounts.models import CommunitySettings
from community.moderation.models import PostReport

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
TopicPoll = get_model("forum_polls", "TopicPoll")
User = get_user_model()


@pytest.mark.django_db
def test_demo_community_is_rich_enough_for_the_pilot_group(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())

    assert Topic.objects.count() >= 30
    assert Post.objects.count() >= 120
    assert TopicPoll.objects.count() >= 3
    assert Topic.objects.filter(posts_count=1).count() >= 3, "some topics still unanswered"
    assert Topic.objects.filter(themes__isnull=False).distinct().count() >= 20
    assert User.objects.filter(status=User.Status.PENDING).count() >= 3
    assert PostReport.objects.filter(status=PostReport.Status.OPEN).count() == 1
    posters = User.objects.filter(posts__isnull=False).distinct()
    assert posters.values("operator").distinct().count() >= 5
    assert posters.values("region").distinct().count() >= 5
    assert Forum.objects.filter(slug="groupe-pilote", parent=None).exists()
    assert StandardPage.objects.live().filter(slug=CHARTER_SLUG).exists()
    assert CommunitySettings.load().charter_page.slug == CHARTER_SLUG

    # The sign-up form links to the charter.
    page = client.get("/comptes/inscription/").content.decode()
    assert StandardPage.objects.get(slug=CHARTER_SLUG).url in page

    # Demo accounts keep working.
    for username in ("editrice", "moderateur", "sophie", "julien"):
        assert client.login(
            request=HttpRequest(), username=username, password="ComCep-demo-2026"
        ), username
