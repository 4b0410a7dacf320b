"""What the caches keep: no password hash, nothing read from a lagging replica, no copy forever."""

import pickle

import pytest
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.test import Client
from machina.core.db.models import get_model

from cms.performance import invalidation, pagecache
from cms.performance.replica import PrimaryReplicaRouter
from cms.performance.shared import remember
from tests.cms.performance.page_cache_support import page_caches_on
from tests.community.helpers import rubric_url, topic_url


@pytest.fixture(autouse=True)
def caches_on():
    with page_caches_on("comcep-test-safety"):
        yield


def everything_kept():
    """Every value the caches hold, as stored (pickled, as Redis stores them)."""
    kept = []
    for alias in ("default", "pages"):
        kept.extend(caches[alias]._cache.values())
    kept.extend(entry[1] for entry in invalidation._local_copies.values())
    return kept


def test_no_password_hash_is_kept_after_signed_in_requests(make_member, make_topic):
    member = make_member()
    topic = make_topic(member)
    client = Client()
    client.force_login(member)
    # The home page, the forum index, the rubric and the topic, each twice (kept, then read back).
    urls = ("/", "/forum/", rubric_url(topic.forum), topic_url(topic))
    for url in urls * 2:
        assert client.get(url).status_code == 200
    assert member.password.startswith(("pbkdf2", "argon2", "md5", "bcrypt"))
    secret = member.password.encode()
    kept = everything_kept()
    assert kept, "nothing was cached: the test would prove nothing"
    assert not [value for value in kept if secret in value]
    # The member's row is kept, without the hash.
    rows = [pickle.loads(value) for value in kept if b"accounts" in value and b"User" in value]  # noqa: S301
    assert any("session_auth_hash" in described(row) for row in rows)


def described(row):
    """The text of a kept value; a copy kept by an earlier test may name rows deleted since."""
    try:
        return repr(getattr(row, "__dict__", row))
    except ObjectDoesNotExist:
        return ""


def test_a_password_changed_elsewhere_signs_the_old_session_out(make_member):
    member = make_member()
    client = Client()
    client.force_login(member)
    assert client.get("/").wsgi_request.user.is_authenticated
    assert client.get("/").wsgi_request.user.is_authenticated  # the member's row from the cache
    User = get_model("accounts", "User")
    changed = User.objects.get(pk=member.pk)
    changed.set_password("un-autre-mot-de-passe-long")
    changed.save()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_copies_kept_in_each_process_expire(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(invalidation.time, "monotonic", lambda: now[0])
    invalidation.local_set("comcep:test:copy", "valeur")
    assert invalidation.local_get("comcep:test:copy") == "valeur"
    now[0] += invalidation.LOCAL_SECONDS + 1
    assert invalidation.local_get("comcep:test:copy") is None
    pagecache._keep_locally("comcep:test:page", ("versions", 200, (), b""))
    assert pagecache._local_pages["comcep:test:page"][0] <= now[0] + pagecache.LOCAL_SECONDS


@pytest.mark.django_db
def test_what_is_kept_is_read_from_the_primary_even_when_the_request_reads_the_replica():
    databases = []
    User = get_model("accounts", "User")
    token = invalidation.reads_from_replica.set(True)
    try:
        assert PrimaryReplicaRouter().db_for_read(User) == "replica"
        remember("replica-test", lambda: databases.append(PrimaryReplicaRouter().db_for_read(User)))
        assert invalidation.reads_from_replica.get()  # the request itself still reads the replica
    finally:
        invalidation.reads_from_replica.reset(token)
    assert databases == ["default"]
