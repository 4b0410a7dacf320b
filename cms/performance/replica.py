"""Reads from a PostgreSQL read replica, switched on by ``DATABASE_REPLICA_URL``.

When the environment names a replica, the settings add it as the ``replica`` database, this router
and :class:`ReplicaReadsMiddleware`. The replica lags the primary by a moment, so it only serves
reads where a moment's lag cannot be seen or kept:

- GET and HEAD requests only, and never one whose page may be stored in the anonymous page cache
  (a page rendered from a lagging replica would be kept under the new version: stale until the
  next change); those read the primary like everything else;
- never for what is kept in a cache (a page, a shared value: ``built_from_primary``): kept under
  the version a write made current, it must hold that write;
- not for a few seconds after the same visitor wrote something (``REPLICA_PAUSE_SECONDS``): a
  member who has just posted reads the primary, and sees the post;
- never for the tables the sign-in and the task queue depend on (sessions, lockouts, tasks).

Writes, migrations and everything outside a request (tasks, commands) use the primary.
"""

import time

from django.conf import settings

from .invalidation import reads_from_replica as _reads_from_replica
from .pagecache import may_serve

REPLICA = "replica"
PRIMARY_ONLY_APPS = {"sessions", "axes", "django_tasks_db", "contenttypes"}
SESSION_KEY = "_primary_until"
SAFE_METHODS = {"GET", "HEAD"}


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_from_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def reads_replica(request):
    if request.method not in SAFE_METHODS or may_serve(request):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.get(SESSION_KEY, 0) > time.time())


class ReplicaReadsMiddleware:
    """After SessionMiddleware: decides, per request, whether its reads may go to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads_from_replica.set(reads_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _reads_from_replica.reset(token)
        session = getattr(request, "session", None)
        if request.method not in SAFE_METHODS and session is not None and not session.is_empty():
            session[SESSION_KEY] = time.time() + settings.REPLICA_PAUSE_SECONDS
        return response
