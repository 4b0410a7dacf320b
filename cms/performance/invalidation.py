"""The version number of public pages, bumped by every change that a public page may show.

One number for the whole site: a forum post changes the home page (latest topics) as much as the
forum, and publishing is rare next to reading, so finer versions would buy little and risk a page
left stale. The number lives in the shared cache, so every app server sees a bump at once.

What bumps it: Wagtail's page signals (published, unpublished, moved, slug changed) and snippet
publishing, and any save, delete or many-to-many change of a model of the apps that public pages
read (:data:`WATCHED_APPS`), except the models that only record activity (:data:`IGNORED_MODELS`).
Writes made with ``QuerySet.update()`` send no signal: code that changes public content that way
calls :func:`bump` itself.
"""

import pickle
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .redis_cache import CacheUnavailable, forget_after_outage

VERSION_KEY = "comcep:page:version"

WATCHED_APPS = {
    # Wagtail pages, sites, privacy, images, documents, redirects, promoted search results.
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtailsearchpromotions",
    # The catalogue and the site (pages, snippets, settings).
    "home",
    "standard",
    "taxonomies",
    "videos",
    "offers",
    "structures",
    "news",
    "questions",
    "toolbox",
    # Members' proposals (credited on offers) and the pages posts cite ("Discussions liées").
    "contributions",
    # The forum: rubrics, topics, posts, attachments, polls, who may read what, display names.
    "forum",
    "forum_conversation",
    "forum_attachments",
    "forum_polls",
    "forum_permission",
    "forum_member",
    "accounts",
}
# Rows written while reading or editing drafts: they change no public page.
IGNORED_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.referenceindex",
    "wagtailcore.uploadedfile",
    "wagtailimages.rendition",
    "wagtailimages.uploadedimage",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
    # Who follows an offer: shown only to that member, in a part of the page of their own.
    "offers.pagefollow",
}


def cache():
    return caches[settings.COMCEP_PAGE_CACHE_ALIAS]


# The version numbers a request has read, by key (see ``versions_read_once``).
_read_versions = ContextVar("comcep_read_versions", default=None)


@contextmanager
def versions_read_once(member_id=None):
    """Within this block (one request), each version number is read from the cache once; those
    that most requests read (``read_with_each_request``), and those of the member ``member_id``
    (``read_with_each_member_request``), together, as the block opens.

    A page reads the same numbers many times (the shared values, the forum permissions…); what
    it builds is still kept under a number read before it was built, so it is never served past
    a change. A bump made by this request forgets the number it had read.
    """
    token = _read_versions.set({})
    try:
        _read_request_versions(member_id)
        yield
    finally:
        _read_versions.reset(token)


# Version numbers that most requests read, by key: the alias of the cache holding each (None: the
# page cache). ``versions_read_once`` reads them together, one round trip per cache.
_request_versions = {}


def read_with_each_request(key, alias=None):
    """Have ``versions_read_once`` read ``key`` (kept in the cache ``alias``) with the others.

    Any process may bump such a number: each process that found Redis unreachable deletes it when
    Redis answers again, so that a bump missed by a process stopped meanwhile is not lost."""
    _request_versions[key] = alias
    forget_after_outage(key)


def _read_request_versions(member_id=None):
    keys = dict(_request_versions)
    if member_id is not None:
        for template, alias in _member_versions.items():
            keys[template.format(user_id=member_id)] = alias
    by_alias = {}
    for key, alias in keys.items():
        by_alias.setdefault(alias or settings.COMCEP_PAGE_CACHE_ALIAS, []).append(key)
    for alias, keys in by_alias.items():
        _read_together(caches[alias], keys)


def _read_together(store, keys):
    found = store.get_many(keys)
    for key in keys:
        if key in found:
            note_version(key, found[key])
        else:
            # Never bumped yet (a member who never followed anything): a first number, kept.
            version = time.time_ns()
            if store.add(key, version, None):
                note_version(key, version)


read_with_each_request(VERSION_KEY)

# The same for the numbers kept per member ("…{user_id}…" keys): read with the others when the
# request's session names its member.
_member_versions = {}


def read_with_each_member_request(key_template, alias=None):
    """Have ``versions_read_once`` read ``key_template`` (with ``{user_id}``) with the others."""
    _member_versions[key_template] = alias


def known_version(key):
    """The number this request already read under ``key``, or None."""
    memo = _read_versions.get()
    return None if memo is None else memo.get(key)


def note_version(key, version):
    """Keep ``version``, just read under ``key``, for the rest of the request."""
    memo = _read_versions.get()
    if memo is not None:
        memo[key] = version


def read_version(key, store=None):
    """The version number kept under ``key`` (in ``store``, by default the page cache)."""
    version = known_version(key)
    if version is not None:
        return version
    store = store or cache()
    version = store.get(key)
    if version is None:
        # Never back to a number used before the key was lost (evicted, cache restarted).
        store.add(key, time.time_ns(), None)
        version = store.get(key) or time.time_ns()
    note_version(key, version)
    return version


# Values kept under a version number are copied in this process too (key → pickled value): the key
# holds the number, read from the shared cache once per request, so a copy is exactly as fresh as
# the shared entry and saves its round trip. Each read unpickles a new object, as a read from the
# shared cache does. Beyond ``LOCAL_ENTRIES`` copies, the oldest go first.
_local_copies = {}
LOCAL_ENTRIES = 1000
LOCAL_MAX_BYTES = 256 * 1024


def local_get(key):
    data = _local_copies.get(key)
    return None if data is None else pickle.loads(data)  # noqa: S301 -- written by local_set


def local_set(key, value):
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(data) > LOCAL_MAX_BYTES:
        return
    while len(_local_copies) >= LOCAL_ENTRIES:
        _local_copies.pop(next(iter(_local_copies)), None)
    _local_copies[key] = data


def remember_under(version_key, name, build, store=None, timeout=3600):
    """``build()``, kept (in ``store``, by default the page cache) under the number currently
    kept at ``version_key``: a bump of that number makes it obsolete everywhere at once.
    ``None`` is built again each time."""
    store = store or cache()
    key = f"{version_key}:{read_version(version_key, store)}:{name}"
    value = local_get(key)
    if value is None:
        value = store.get(key)
        if value is None:
            value = build()
            store.set(key, value, timeout)
        if value is not None:
            local_set(key, value)
    return value


def bump_version(key, store=None):
    """A new version number under ``key``, now and when the transaction commits: what was read
    before the commit is kept under a number that is never current again.

    The cache does not answer (Redis unreachable): the number is deleted instead, which the cache
    does as soon as it answers again (cms/performance/redis_cache.py); the next reader then starts
    from a number never used."""
    store = store or cache()

    def increment():
        memo = _read_versions.get()
        if memo is not None:
            memo.pop(key, None)
        try:
            store.incr(key)
        except CacheUnavailable:
            store.delete(key)
        except ValueError:  # the key is gone: start from a number never used
            store.set(key, time.time_ns(), None)

    increment()
    transaction.on_commit(increment)


def current_version():
    return read_version(VERSION_KEY)


def bump():
    """Make every cached public page obsolete, now and when the transaction commits."""
    bump_version(VERSION_KEY)


def is_watched(model):
    meta = model._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def on_save(sender, update_fields=None, **kwargs):
    if not is_watched(sender):
        return
    # A member signing in (last_login) changes no public page.
    if sender._meta.label_lower == "accounts.user" and update_fields == frozenset({"last_login"}):
        return
    bump()


def on_delete(sender, **kwargs):
    if is_watched(sender):
        bump()


def on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and (is_watched(type(instance)) or is_watched(sender)):
        bump()


def on_signal(**kwargs):
    bump()


def connect():
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    post_save.connect(on_save, dispatch_uid="comcep_page_cache_save")
    post_delete.connect(on_delete, dispatch_uid="comcep_page_cache_delete")
    m2m_changed.connect(on_m2m_change, dispatch_uid="comcep_page_cache_m2m")
    for signal in (
        page_published,
        page_unpublished,
        post_page_move,
        page_slug_changed,
        published,
        unpublished,
    ):
        signal.connect(on_signal, dispatch_uid=f"comcep_page_cache_{id(signal)}")
