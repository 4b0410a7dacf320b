"""The read replica (DATABASE_REPLICA_URL) serves only the reads where its lag cannot show."""

import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from machina.core.db.models import get_model

from cms.performance.replica import (
    SESSION_KEY,
    PrimaryReplicaRouter,
    ReplicaReadsMiddleware,
)

Topic = get_model("forum_conversation", "Topic")
router = PrimaryReplicaRouter()


class FakeSession(dict):
    def is_empty(self):
        return not self


def databases_read_during(request):
    """Which database a topic, a member and a session would be read from during ``request``."""
    seen = {}

    def view(request):
        for model in (Topic, get_user_model(), Session):
            seen[model._meta.label] = router.db_for_read(model)
        return HttpResponse("ok")

    ReplicaReadsMiddleware(view)(request)
    return seen


def member_request(method="get", path="/forum/", **session):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES["sessionid"] = "a-member-session"
    request.session = FakeSession(_auth_user_id="1", **session)
    return request


@override_settings(COMCEP_PAGE_CACHE_SECONDS=600, REPLICA_PAUSE_SECONDS=10)
def test_a_member_browsing_reads_the_replica_but_sessions_stay_on_the_primary():
    seen = databases_read_during(member_request())
    assert seen["forum_conversation.Topic"] == "replica"
    assert seen["accounts.User"] == "replica"
    assert seen["sessions.Session"] == "default"


@override_settings(COMCEP_PAGE_CACHE_SECONDS=600, REPLICA_PAUSE_SECONDS=10)
def test_a_page_that_may_be_cached_for_anonymous_readers_reads_the_primary():
    request = RequestFactory().get("/forum/")
    request.session = FakeSession()
    assert databases_read_during(request)["forum_conversation.Topic"] == "default"


@override_settings(COMCEP_PAGE_CACHE_SECONDS=600, REPLICA_PAUSE_SECONDS=10)
def test_after_a_write_the_member_reads_the_primary_for_a_while():
    posting = member_request("post", "/forum/sujet/")
    assert databases_read_during(posting)["forum_conversation.Topic"] == "default"
    assert posting.session[SESSION_KEY] > time.time()

    after = member_request(**{SESSION_KEY: posting.session[SESSION_KEY]})
    assert databases_read_during(after)["forum_conversation.Topic"] == "default"
    later = member_request(**{SESSION_KEY: time.time() - 1})
    assert databases_read_during(later)["forum_conversation.Topic"] == "replica"


@pytest.mark.parametrize("database", ["default", "replica"])
def test_writes_and_migrations_go_to_the_primary_only(database):
    assert router.db_for_write(Topic) == "default"
    assert router.allow_migrate(database, "forum_conversation") is (database == "default")
    # Outside a request (tasks, commands) reads use the primary.
    assert router.db_for_read(Topic) == "default"
