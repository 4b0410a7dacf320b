"""The forum's permission rows are cached between requests, and a change shows at the next one."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from machina.core.db.models import get_model

from community.accounts.roles import PILOT_GROUP
from tests.community.helpers import rubric_url

ForumPermission = get_model("forum_permission", "ForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")


def permission_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if "forum_permission_" in q["sql"]]


def test_a_second_visit_reads_no_permission_rows(client, counsellor, rubric):
    client.force_login(counsellor)
    response, first = permission_queries(client, "/forum/")
    assert response.status_code == 200 and first
    response, second = permission_queries(client, "/forum/")
    assert response.status_code == 200
    assert second == []


def test_joining_the_pilot_group_opens_its_rubric_at_once(client, counsellor, pilot_rubric):
    client.force_login(counsellor)
    url = rubric_url(pilot_rubric)
    assert client.get(url).status_code == 403
    assert client.get(url).status_code == 403  # now from the cached rows

    counsellor.groups.add(Group.objects.get(name=PILOT_GROUP))

    assert client.get(url).status_code == 200


def test_a_rubric_closed_to_members_is_closed_at_the_next_request(client, counsellor, rubric):
    client.force_login(counsellor)
    url = rubric_url(rubric)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200

    for codename in ("can_see_forum", "can_read_forum"):
        UserForumPermission.objects.create(
            forum=rubric,
            permission=ForumPermission.objects.get(codename=codename),
            authenticated_user=True,
            has_perm=False,
        )

    assert client.get(url).status_code == 403
