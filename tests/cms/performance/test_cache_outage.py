"""Redis unreachable: the site is served without its cache, and nothing stale once it answers.

The production cache settings (cms/settings/base.py with REDIS_URL): the project's Redis backend as
the default cache, which holds the anonymous pages, the members' pages, the shared values and their
version numbers, the ``cached_db`` sessions and the rate-limit counters; django-axes keeps the
sign-in lockout in the database. First with a Redis that never answers (a closed port), over the
key pages of the French demo, anonymously and signed in, the sign-in form and a reply; then with a
real Redis behind a relay that can be cut (cms/performance/redis_cache.py): what was written while
it was cut is not served once it answers again.
"""

import logging
import os
import socket
import threading
import uuid
from contextlib import suppress

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from machina.core.db.models import get_model

from cms.news.models import NewsIndexPage, NewsPage
from cms.offers.models import OfferIndexPage, OfferPage
from cms.performance.invalidation import (
    VERSION_KEY,
    bump,
    bump_version,
    current_version,
    read_version,
    remember_under,
)
from cms.performance.redis_cache import CacheUnavailable, RedisCache
from cms.questions.models import QuestionIndexPage
from cms.structures.models import StructureIndexPage, StructurePage
from cms.toolbox.models import ToolboxIndexPage
from cms.videos.models import VideoIndexPage, VideoPage
from community.demo import DEMO_PASSWORD
from tests.community.helpers import reply_url, rubric_url, topic_url
from tests.conftest import form_fields

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

pytestmark = [pytest.mark.xdist_group("demo")]

# Nothing listens on port 1: every connection is refused, as when Redis is down.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
# A real Redis for the tests of its return (the development and CI machines run one there).
REDIS_URL = os.environ.get("COMCEP_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def production_caches(location):
    """The default cache as production configures it, at ``location``, with the page caches on."""
    return override_settings(
        COMCEP_PAGE_CACHE_SECONDS=600,
        COMCEP_PAGE_CACHE_ALIAS="default",
        SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        CACHES={
            "default": {
                "BACKEND": "cms.performance.redis_cache.RedisCache",
                "LOCATION": location,
                "OPTIONS": settings.REDIS_CACHE_OPTIONS,
                # Keys of this test run only, in the shared Redis.
                "KEY_PREFIX": f"comcep-test-{uuid.uuid4().hex}",
            },
            "machina_attachments": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "comcep-test-attachments",
            },
        },
    )


# Redis never answers ---------------------------------------------------------------------------


@pytest.fixture
def redis_down(demo_site, db):
    with production_caches(UNREACHABLE_REDIS):
        yield caches["default"]


def key_urls():
    """The key addresses of the portal, from the demo's content."""
    topic = Topic.objects.visible_to(AnonymousUser()).order_by("pk").first()
    return {
        "accueil": "/",
        "offres": OfferIndexPage.objects.live().first().url,
        "offres filtrées": OfferIndexPage.objects.live().first().url + "?q=bilan",
        "une offre": OfferPage.objects.live().order_by("pk").first().url,
        "vidéos": VideoIndexPage.objects.live().first().url,
        "une vidéo": VideoPage.objects.live().order_by("pk").first().url,
        "actualités": NewsIndexPage.objects.live().first().url,
        "une actualité": NewsPage.objects.live().order_by("pk").first().url,
        "structures": StructureIndexPage.objects.live().first().url,
        "une structure": StructurePage.objects.live().order_by("pk").first().url,
        "boîte à outils": ToolboxIndexPage.objects.live().first().url,
        "questions": QuestionIndexPage.objects.live().first().url,
        "forum": "/forum/",
        "une rubrique": rubric_url(topic.forum),
        "un sujet": topic_url(topic),
        "sujets": reverse("community:topic_list"),
        "recherche": reverse("site_search:search") + "?q=VAE",
        "api offres": "/api/v2/offers/",
        "api actualités": "/api/v2/news/",
        "api vidéos": "/api/v2/videos/",
        "notifications": reverse("notifications:list"),
        "profil": reverse("accounts:profile"),
        "plan du site": "/plan-du-site/",
    }


def statuses(client, urls):
    # Each address twice: the second visit is the one a working cache would answer.
    return {name: [client.get(url).status_code for _ in range(2)] for name, url in urls.items()}


def sign_in(member):
    """A browser signing in through the sign-in form."""
    browser = Client(raise_request_exception=False)
    login = reverse("accounts:login")
    page = browser.get(login)
    assert page.status_code == 200
    data = form_fields(page.content.decode())
    data.update(username=member.email, password=DEMO_PASSWORD)
    response = browser.post(login, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert settings.SESSION_COOKIE_NAME in browser.cookies
    return browser


def test_without_redis_every_key_page_answers_anonymous_and_signed_in(redis_down):
    urls = key_urls()
    assert len(urls) >= 20
    anonymous = Client(raise_request_exception=False)
    member = get_user_model().objects.get(username="julien")
    signed_in = sign_in(member)

    seen = {"anonyme": statuses(anonymous, urls), "membre": statuses(signed_in, urls)}

    errors = {
        (who, name): codes
        for who, answers in seen.items()
        for name, codes in answers.items()
        if max(codes) >= 500
    }
    assert errors == {}
    # The pages themselves, not a redirect to an error: anonymous readers get the public pages,
    # members their own.
    assert all(codes == [200, 200] for name, codes in seen["membre"].items()), seen["membre"]
    public = {name: codes for name, codes in seen["anonyme"].items()}
    assert public.pop("notifications") == [302, 302]
    assert public.pop("profil") == [302, 302]
    assert all(codes == [200, 200] for codes in public.values()), public
    # The member's pages name them: the session came from the database.
    assert member.display_name in signed_in.get(urls["profil"]).content.decode()
    assert redis_down.reachable is False


def test_without_redis_a_member_signs_in_replies_and_signs_out(redis_down):
    member = get_user_model().objects.get(username="julien")
    browser = sign_in(member)
    topic = Topic.objects.visible_to(member).order_by("pk").first()
    form = browser.get(reply_url(topic))
    assert form.status_code == 200
    data = form_fields(form.content.decode())
    text = f"Réponse écrite pendant une panne de Redis {uuid.uuid4().hex[:8]}."
    data["content"] = text
    response = browser.post(reply_url(topic), data)
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, poster=member, content=text).count() == 1
    assert browser.get(response["Location"]).status_code == 200

    # Sign-out ends the session in the database: the old cookie no longer signs anyone in.
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    assert browser.post(reverse("accounts:logout")).status_code == 302
    replay = Client(raise_request_exception=False)
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replay.get(reverse("accounts:profile")).status_code == 302


def test_without_redis_a_wrong_password_is_refused_in_french_and_counted_by_axes(redis_down):
    from axes.models import AccessAttempt

    member = get_user_model().objects.get(username="julien")
    browser = Client(raise_request_exception=False)
    login = reverse("accounts:login")
    data = form_fields(browser.get(login).content.decode())
    data.update(username=member.email, password="pas le bon")
    response = browser.post(login, data)
    assert response.status_code == 200
    assert "mot de passe" in response.content.decode()
    # The lockout is kept in the database: the outage neither blocks nor forgets it.
    assert AccessAttempt.objects.filter(failures_since_start__gte=1).exists()


def test_without_redis_the_cache_answers_as_an_empty_cache_and_says_so_once(redis_down, caplog):
    caplog.set_level(logging.WARNING, logger="cms.performance.redis_cache")
    cache = redis_down
    cache.set("cle", "valeur")
    assert cache.get("cle", "défaut") == "défaut"
    assert cache.get_many(["cle"]) == {}
    assert cache.add("cle", 1) is False
    assert cache.has_key("cle") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    with pytest.raises(CacheUnavailable):
        cache.incr("compteur")
    with pytest.raises(ValueError):  # what callers already handle for a missing key
        cache.decr("compteur")
    assert cache.get_or_set("cle", "calculée") == "calculée"
    # Version numbers never repeat: nothing kept under one is served under another.
    assert current_version() != current_version()
    built = []
    assert remember_under(VERSION_KEY, "valeur", lambda: built.append(1) or "v", cache) == "v"
    assert remember_under(VERSION_KEY, "valeur", lambda: built.append(1) or "v", cache) == "v"
    assert len(built) == 2
    bump()  # a change during the outage: no error, remembered
    warnings = [record.getMessage() for record in caplog.records]
    assert len(warnings) == 1 and "Redis cache unreachable" in warnings[0]


# Redis cut, then answering again ------------------------------------------------------------------


class Relay:
    """A TCP relay to the real Redis that can be cut (connections closed, new ones refused at
    once) and restored: Redis unreachable without stopping it."""

    def __init__(self, host, port):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.cut = False
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return
            if self.cut:
                client.close()
                continue
            server = socket.create_connection(self.upstream)
            with self.lock:
                self.sockets += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    def _pipe(self, source, target):
        with suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for end in (source, target):
            with suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def interrupt(self):
        self.cut = True
        with self.lock:
            for end in self.sockets:
                with suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
            self.sockets = []

    def restore(self):
        self.cut = False

    def close(self):
        self.interrupt()
        self.listener.close()


@pytest.fixture
def relay():
    """A relay to the test Redis; Redis is a service of every development and CI machine."""
    import redis

    target = redis.Redis.from_url(REDIS_URL)
    try:
        target.ping()
    except redis.ConnectionError as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"Redis at {REDIS_URL} is required under CI: {error}")
        pytest.skip(f"no Redis at {REDIS_URL} ({error})")
    options = target.connection_pool.connection_kwargs
    cut = Relay(options["host"], options["port"])
    yield cut
    cut.close()


@pytest.fixture
def redis_behind_relay(relay, demo_site, db):
    database = REDIS_URL.rsplit("/", 1)[1]
    with production_caches(f"redis://127.0.0.1:{relay.port}/{database}"):
        cache = caches["default"]
        cache.retry_after = 0  # ask Redis again at each call (production: after a second)
        yield cache
        # This test's keys only (its own prefix), never the whole database.
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)


@pytest.mark.parametrize("key", [VERSION_KEY, "comcep:follows:v:42"])
def test_a_bump_missed_while_redis_was_cut_is_made_when_it_answers_again(
    redis_behind_relay, relay, key
):
    # The version of public content, and a member's own number (not one every process forgets).
    cache = redis_behind_relay
    built = []

    def page():
        built.append(1)
        return f"rendu n° {len(built)}"

    assert remember_under(key, "page", page, cache) == "rendu n° 1"
    assert remember_under(key, "page", page, cache) == "rendu n° 1"  # kept
    before = read_version(key, cache)

    relay.interrupt()
    bump_version(key, cache)  # a change while Redis cannot be reached: the bump fails
    assert not cache.reachable
    assert remember_under(key, "page", page, cache) == "rendu n° 2"  # built afresh

    relay.restore()
    # Redis kept its data (it was cut, not restarted): the old version number is still there,
    # but the missed bump is made before anything is read again.
    assert remember_under(key, "page", page, cache) == "rendu n° 3"
    assert cache.reachable
    assert read_version(key, cache) != before
    assert remember_under(key, "page", page, cache) == "rendu n° 3"  # kept again
    assert len(built) == 3


def test_a_bump_lost_with_its_process_is_made_by_the_others_when_redis_answers_again(
    redis_behind_relay, relay
):
    # Two app server processes: each its own cache backend (and list of what to undo).
    writer = redis_behind_relay
    reader = RedisCache(
        writer._servers, {"OPTIONS": writer._options, "KEY_PREFIX": writer.key_prefix}
    )
    reader.retry_after = 0
    built = []

    def page():
        built.append(1)
        return f"rendu n° {len(built)}"

    assert remember_under(VERSION_KEY, "page", page, reader) == "rendu n° 1"
    relay.interrupt()
    bump_version(VERSION_KEY, writer)  # fails; then the writer stops before Redis answers
    writer._pending.clear()
    assert remember_under(VERSION_KEY, "page", page, reader) == "rendu n° 2"  # reader sees the cut
    relay.restore()
    assert remember_under(VERSION_KEY, "page", page, reader) == "rendu n° 3"
    assert remember_under(VERSION_KEY, "page", page, reader) == "rendu n° 3"


def test_a_session_ended_while_redis_was_cut_stays_ended_when_it_answers_again(
    redis_behind_relay, relay, client
):
    client.force_login(get_user_model().objects.get(username="julien"))
    profile = reverse("accounts:profile")
    assert client.get(profile).status_code == 200
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    # The session is in Redis too (cached_db): its copy there would still sign the member in.
    session_key = f"django.contrib.sessions.cached_db{cookie}"
    assert redis_behind_relay.get(session_key) is not None

    relay.interrupt()
    assert client.post(reverse("accounts:logout")).status_code == 302
    relay.restore()

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    assert replay.get(profile).status_code == 302  # to the sign-in page
    assert redis_behind_relay.get(session_key) is None


def test_pages_served_before_a_cut_are_not_served_after_a_change_made_during_it(
    redis_behind_relay, relay, client
):
    offer = OfferPage.objects.live().order_by("pk").first()
    first = client.get(offer.url)
    assert client.get(offer.url)["X-Page-Cache"] == "hit"
    assert offer.title in first.content.decode()

    relay.interrupt()
    offer.title = "Bilan de compétences renouvelé"
    offer.save_revision().publish()
    during = client.get(offer.url)
    assert during.status_code == 200
    assert "Bilan de compétences renouvelé" in during.content.decode()

    relay.restore()
    after = client.get(offer.url)
    assert "Bilan de compétences renouvelé" in after.content.decode()
    assert after["X-Page-Cache"] == "miss"
    assert client.get(offer.url)["X-Page-Cache"] == "hit"


def test_what_redis_must_forget_is_remembered_during_an_outage_within_a_bound(monkeypatch):
    cache = RedisCache(UNREACHABLE_REDIS, {"OPTIONS": settings.REDIS_CACHE_OPTIONS})
    monkeypatch.setattr(cache, "max_pending", 3)
    # A value kept under its version number: nothing to undo. A session: its copy must go.
    cache.set("comcep:shared:site", "valeur")
    cache.set("django.contrib.sessions.cached_dbabc", {"_auth_user_id": "1"})
    cache.delete("cle-1")
    assert list(cache._pending) == [
        cache.make_key("django.contrib.sessions.cached_dbabc"),
        cache.make_key("cle-1"),
    ]
    cache.delete_many(["cle-2", "cle-3"])
    # Too many: the whole cache database is emptied once Redis answers, and nothing is listed.
    assert cache._pending == {} and cache._pending_overflow
    cache.retry_after = 0
    assert cache.get("cle-1") is None  # still unreachable: the flag stays until it answers
    assert cache._pending_overflow
