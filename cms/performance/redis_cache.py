"""Django's Redis cache, with one Redis client per connection pool, that keeps the site up when
Redis does not answer.

One client per pool: Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for
every cache call, and redis-py fills about 170 response callbacks in each new client: a signed-in
page makes a dozen cache calls (session, shared values, versions, fragments), and building those
clients cost more than the round trips themselves. A client holds no connection of its own (it
takes one from the pool for each command) and may be shared between threads, so keeping one per
pool changes nothing else.

``incr`` is one round trip (a script) instead of Django's two (``EXISTS`` then ``INCRBY``), with
the same meaning: a missing key raises ``ValueError`` and is not created.

Redis unreachable (refused, reset, timed out: ``redis.ConnectionError``/``TimeoutError``): the
cache behaves as an empty cache that keeps nothing, as django-redis's ``IGNORE_EXCEPTIONS`` does,
so pages are rendered without it and sessions are read from the database (``cached_db``):

- ``get`` returns the default, ``get_many`` nothing, ``has_key`` False, ``add`` and ``touch``
  False, ``set``, ``set_many``, ``delete`` and ``delete_many`` do nothing;
- ``incr``/``decr`` raise :class:`CacheUnavailable`, a ``ValueError``: as for a missing key,
  which is what every caller already handles (a rate-limit counter counts nothing; a version
  number is deleted instead, below);
- after a failure, the process does not ask Redis again for :attr:`RedisCache.retry_after`
  seconds (the socket timeouts of the settings bound the failing call itself), so a dead Redis
  costs requests nothing;
- a warning is logged when Redis stops answering (at most once a minute), and when it answers
  again.

Nothing stale when Redis answers again. Redis runs without persistence: after a restart every key
is gone, and version numbers start again from the clock (:mod:`.invalidation`), never equal to an
old one. If Redis kept its data (a network cut), what should have changed there did not:

- each key whose ``delete`` failed is remembered, and deleted as the first thing done once Redis
  answers, before the call that found it back. A bump of a version number that fails deletes the
  number (:func:`.invalidation.bump_version`): it starts again from the clock, and everything kept
  under the old one, copies kept in each process included, is obsolete everywhere;
- so is each session whose ``set`` failed (``cached_db`` writes a session to the database, then
  to the cache: the old copy would still be read): it is read from the database again. Other
  failed writes are not remembered: the values the project keeps carry the version number they
  were built under (a value left from before is still right under its number), and a counter
  (rate limits, variants of a page) loses what it did not count;
- a failed ``add`` wrote nothing over what was there; a failed ``clear`` empties the cache when
  Redis answers, as do more than :attr:`RedisCache.max_pending` keys to delete.

What a process remembers is lost if it stops before Redis answers again. So the version numbers
that any process may bump (those read with each request: public content, forum permissions,
notifications; :func:`forget_after_outage`) are deleted by every process that saw Redis
unreachable, once it answers: a bump lost with its process is made by the others. Values kept
under a member's own numbers that such a process could not invalidate expire with their timeout.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

INCR_EXISTING = """
if redis.call("EXISTS", KEYS[1]) == 1 then
    return redis.call("INCRBY", KEYS[1], ARGV[1])
end
return false
"""


# Keys (as given to the cache) that every process deletes when Redis answers again after an outage
# it saw.
_forgotten_after_outage = set()


def forget_after_outage(key):
    """Have every process that finds Redis unreachable delete ``key`` once it answers again."""
    _forgotten_after_outage.add(key)


class CacheUnavailable(ValueError):  # noqa: N818 -- named for what callers read it as
    """``incr`` or ``decr`` while Redis does not answer: like a missing key for the caller (the
    failed increment is not remembered)."""


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    # Seconds during which a process leaves Redis alone after a failed call.
    retry_after = 1.0
    # Keys to delete when Redis answers again, remembered one by one; past this, the cache database
    # is emptied instead.
    max_pending = 10_000
    # Keys written through (the value in Redis is the one read, with no version number to check):
    # a failed ``set`` of one is remembered like a failed ``delete``.
    written_through = ("django.contrib.sessions.cached_db", "django.contrib.sessions.cache")
    # Seconds between two warnings that Redis does not answer.
    warning_interval = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._lock = threading.Lock()
        # None while Redis answers; else the monotonic time before which it is not asked.
        self._retry_at = None
        self._down_since = None
        self._last_warning = None
        # Keys (as stored) to delete when Redis answers again.
        self._pending = {}
        self._pending_overflow = False
        self.outages = 0

    @property
    def reachable(self):
        """False while this process serves without Redis (since a call failed)."""
        return self._retry_at is None

    # The outage ---------------------------------------------------------------------------------

    def _call(self, fallback, method, *args, written=()):
        """``method(*args)`` on Redis, or ``fallback`` when Redis does not answer; the keys in
        ``written`` (as stored) are then remembered."""
        if self._retry_at is not None and not self._recovered():
            self._remember(written)
            return fallback
        try:
            return method(*args)
        except UNREACHABLE as error:
            self._failed(error)
            self._remember(written)
            return fallback

    def _failed(self, error):
        # Connections opened before a restart are dead: the next call opens new ones.
        for pool in list(self._cache._pools.values()):
            pool.disconnect(inuse_connections=False)
        now = time.monotonic()
        with self._lock:
            self._retry_at = now + self.retry_after
            if self._down_since is not None:
                return
            self._down_since = now
            self.outages += 1
            warn = self._last_warning is None or now - self._last_warning >= self.warning_interval
            if warn:
                self._last_warning = now
        if warn:
            logger.warning(
                "Redis cache unreachable (%s): pages are served without the cache, sessions "
                "from the database, rate limits are not counted until it answers again.",
                error,
            )

    def _remember(self, keys):
        if not keys:
            return
        with self._lock:
            if self._pending_overflow:
                return
            self._pending.update(dict.fromkeys(keys))
            if len(self._pending) > self.max_pending:
                self._pending_overflow = True
                self._pending = {}

    def _recovered(self):
        """Whether Redis answers again (asked at most every ``retry_after`` seconds): then what
        was written during the outage is deleted first."""
        with self._lock:
            if self._retry_at is None:
                return True
            if time.monotonic() < self._retry_at:
                return False
            # Asked by this thread only: the others keep serving without Redis meanwhile.
            self._retry_at = time.monotonic() + self.retry_after
            pending, overflow = list(self._pending), self._pending_overflow
        forgotten = [self.make_key(key) for key in sorted(_forgotten_after_outage)]
        try:
            if overflow:
                self._cache.clear()
            else:
                self._cache.get_client(write=True).ping()
                keys = pending + forgotten
                for start in range(0, len(keys), 1000):
                    self._cache.delete_many(keys[start : start + 1000])
        except UNREACHABLE:
            return False
        with self._lock:
            down_for = time.monotonic() - (self._down_since or time.monotonic())
            for key in pending:
                self._pending.pop(key, None)
            if overflow:
                self._pending_overflow = False
            self._down_since = None
            # Failed meanwhile in another thread: undone at the next call.
            self._retry_at = 0.0 if self._pending or self._pending_overflow else None
        logger.warning(
            "Redis cache answers again after %.1f s; %s.",
            down_for,
            "every key removed (too many to undo)"
            if overflow
            else f"{len(pending)} key(s) left stale by the outage and {len(forgotten)} shared "
            "version number(s) removed",
        )
        return True

    # Django's cache API ---------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        # A failed add wrote nothing over what was there: nothing to remember.
        return self._call(False, self._cache.add, key, value, self.get_backend_timeout(timeout))

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(default, self._cache.get, key, default)

    def _through(self, keys):
        """Of ``keys`` (as given, and as stored), those written through, as stored."""
        return [made for key, made in keys if key.startswith(self.written_through)]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        made = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        self._call(
            None, self._cache.set, made, value, timeout, written=self._through([(key, made)])
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(False, self._cache.touch, key, self.get_backend_timeout(timeout))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(False, self._cache.delete, key, written=[key])

    def get_many(self, keys, version=None):
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._call({}, self._cache.get_many, key_map.keys())
        return {key_map[k]: v for k, v in found.items()}

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return self._call(False, self._cache.has_key, key)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        unavailable = object()
        value = self._call(unavailable, self._cache.incr, key, delta)
        if value is unavailable:
            raise CacheUnavailable(f"Redis does not answer: '{key}' not incremented.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not data:
            return []
        made = {key: self.make_and_validate_key(key, version=version) for key in data}
        safe_data = {made[key]: value for key, value in data.items()}
        failed = object()
        done = self._call(
            failed,
            self._cache.set_many,
            safe_data,
            self.get_backend_timeout(timeout),
            written=self._through(made.items()),
        )
        return list(data) if done is failed else []

    def delete_many(self, keys, version=None):
        if not keys:
            return
        safe_keys = [self.make_and_validate_key(key, version=version) for key in keys]
        self._call(None, self._cache.delete_many, safe_keys, written=safe_keys)

    def clear(self):
        failed = object()
        if self._call(failed, self._cache.clear) is failed:
            # Emptied as soon as Redis answers again.
            with self._lock:
                self._pending_overflow = True
                self._pending = {}
            return False
        return True
