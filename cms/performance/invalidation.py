"""Version numbers of what pages show, bumped by the writes that change it: a page is kept under
the numbers of the keys it depends on, and served only while they are all still current.

The keys (:func:`keys_of` says which a write touches):

- ``CONTENT``: what editors change — Wagtail pages, snippets, settings, reference lists, rubrics'
  names and permissions, members' names. Every cached page depends on it.
- ``FORUM``: anything written in the forum (topics, posts, polls, attachments, rubrics' counters):
  the forum's lists, the home page's latest discussions, member pages, search.
- ``topic_key(pk)``: one topic's page; ``rubric_key(pk)``: one rubric's list of topics;
  ``citations_key(page_pk)``: the discussions a Wagtail page lists as citing it.
- ``member_key(pk)``: a member's own row (who reads), bumped by each save of it.

A page depends on ``CONTENT`` and ``FORUM`` unless its view says less (:func:`depends_on`): a
reply makes its topic, its rubric and the forum-wide lists obsolete, not the catalogue.

Model signals bump the keys (post_save, post_delete, m2m_changed on :data:`WATCHED_APPS` but
:data:`IGNORED_MODELS`; Wagtail's publish, unpublish, move and slug signals). ``QuerySet.update()``,
``bulk_create()`` and raw SQL send none: app code writes through :func:`update` and
:func:`bulk_create` instead (a test forbids the others on watched models).
"""

import pickle
import time
from contextlib import ContextDecorator, contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_init, post_save
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

from .redis_cache import CacheUnavailable, forget_after_outage

VERSION_KEY = CONTENT = "comcep:page:version"
FORUM = "comcep:forum:version"


def topic_key(pk):
    return f"comcep:topic:{pk}"


def rubric_key(pk):
    return f"comcep:rubric:{pk}"


def citations_key(page_pk):
    return f"comcep:cites:{page_pk}"


def member_key(pk):
    return f"comcep:member:{pk}"


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
    # Questions routed to members ("Question transmise à …", "Pris en charge par …" on topics).
    "experts",
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


# The forum's own rows: a write touches the forum's lists and its topic, not the catalogue.
FORUM_APPS = {"forum_conversation", "forum_polls", "forum_attachments", "experts"}
# Counters machina saves with each post; a save changing nothing else touches the forum only.
TRACKERS = {
    "forum.forum": {
        *("updated", "last_post", "last_post_on", "link_redirects_count"),
        *("direct_topics_count", "direct_posts_count", "lft", "rght", "tree_id", "level"),
    },
    # A profile is created empty with a member's first post: nothing to show until it is edited.
    "forum_member.forumprofile": {"id", "posts_count"},
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
        if key not in found:
            # Never bumped yet, or lost (evicted, cache restarted): never back to a number used
            # before, a first number from the clock, kept unless another process was first.
            version = time.time_ns()
            found[key] = version if store.add(key, version, None) else store.get(key) or version
        note_version(key, found[key])
    return found


read_with_each_request(CONTENT)
read_with_each_request(FORUM)

# The same for the numbers kept per member ("…{user_id}…" keys): read with the others when the
# request's session names its member.
_member_versions = {}


def read_with_each_member_request(key_template, alias=None):
    """Have ``versions_read_once`` read ``key_template`` (with ``{user_id}``) with the others."""
    _member_versions[key_template] = alias


# The member's own row (the user the session names, loaded on each of their requests).
read_with_each_member_request(member_key("{user_id}"))


def known_version(key):
    """The number this request already read under ``key``, or None."""
    memo = _read_versions.get()
    return None if memo is None else memo.get(key)


def note_version(key, version):
    """Keep ``version``, just read under ``key``, for the rest of the request."""
    memo = _read_versions.get()
    if memo is not None:
        memo[key] = version


def read_versions(keys, store=None):
    """``{key: number}`` for ``keys``: those this request already read, the others in one round
    trip (a key never bumped starts from the clock)."""
    found = {key: known_version(key) for key in keys}
    missing = [key for key, version in found.items() if version is None]
    if missing:
        found.update(_read_together(store or cache(), missing))
    return found


def read_version(key, store=None):
    """The version number kept under ``key`` (in ``store``, by default the page cache)."""
    return read_versions([key], store)[key]


# Whether this request's reads go to the read replica (cms/performance/replica.py).
reads_from_replica = ContextVar("reads_from_replica", default=False)


def built_from_primary(build):
    """``build()`` reading the primary database: what is kept must never come from a replica that
    has not caught up with the write that made the version current."""
    token = reads_from_replica.set(False)
    try:
        return build()
    finally:
        reads_from_replica.reset(token)


# Values kept under version numbers are copied in this process too (key → (expiry, pickled
# value)): the key holds the numbers, read from the shared cache once per request, so a copy is as
# fresh as the shared entry and saves its round trip. Each read unpickles a new object, as a read
# from the shared cache does. At most ``LOCAL_ENTRIES`` copies, each for ``LOCAL_SECONDS``.
_local_copies = {}
LOCAL_ENTRIES = 1000
LOCAL_MAX_BYTES = 256 * 1024
LOCAL_SECONDS = 300


def local_get(key):
    entry = _local_copies.get(key)
    if entry is None or entry[0] < time.monotonic():
        return None
    return pickle.loads(entry[1])  # noqa: S301 -- written by local_set


def local_set(key, value):
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    if len(data) > LOCAL_MAX_BYTES:
        return
    while len(_local_copies) >= LOCAL_ENTRIES:
        _local_copies.pop(next(iter(_local_copies)), None)
    _local_copies[key] = (time.monotonic() + LOCAL_SECONDS, data)


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
            value = built_from_primary(build)
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

    after_commit = _bumped_in_bulk_load.get()
    if after_commit is None:
        increment()
        transaction.on_commit(increment)
    elif (key, id(store)) not in after_commit:
        # Inside a bulk load, once now and once when it ends: no other reader sees its writes
        # before then, so a second bump in between would change nothing.
        increment()
        after_commit[key, id(store)] = (key, store)


# The keys bumped inside ``bulk_load()`` (for the bump each makes after the commit), or None.
_bumped_in_bulk_load = ContextVar("comcep_bumped_in_bulk_load", default=None)


@contextmanager
def bulk_load():
    """A bulk load (``manage.py load_demo``: thousands of writes in one transaction, put inside
    this block): each key is bumped once at its first write and once when the block ends, instead
    of twice per write."""
    bumped = {}
    token = _bumped_in_bulk_load.set(bumped)
    try:
        yield
    finally:
        _bumped_in_bulk_load.reset(token)
        for key, store in bumped.values():
            bump_version(key, store)


def current_version():
    return read_version(CONTENT)


def bump(*keys):
    """Make obsolete what depends on ``keys`` (by default every cached page), now and on commit."""
    for key in sorted(set(keys or (CONTENT, FORUM))):
        bump_version(key)


# What a page depends on ------------------------------------------------------------------------


def depends_on(request, *keys):
    """Declare what the page ``request`` renders depends on: ``CONTENT`` and ``keys`` (instead of
    ``CONTENT`` and ``FORUM``). Call it before reading what the page shows: the numbers are read
    now, and the page is kept under them."""
    request.cache_versions = read_versions((CONTENT, *keys))


def page_versions(request):
    """The numbers the page of ``request`` is kept under (read before it was rendered)."""
    versions = getattr(request, "cache_versions", None)
    if versions is None:
        versions = request.cache_versions = read_versions((CONTENT, FORUM))
    return tuple(sorted(versions.items()))


def all_current(versions, known=()):
    """Whether ``versions`` (as :func:`page_versions` gives them) are all still current
    (``known``: numbers just read, by key); False for an entry of another shape (kept before)."""
    if not isinstance(versions, tuple):
        return False
    versions = dict(versions)
    current = {key: known[key] for key in versions if key in known}
    current.update(read_versions([key for key in versions if key not in current]))
    return current == versions


# What a write touches ----------------------------------------------------------------------------


def is_watched(model):
    meta = model._meta
    return meta.app_label in WATCHED_APPS and meta.label_lower not in IGNORED_MODELS


def _shown(instance):
    """The values of ``instance`` besides machina's counters (a save changing none of them only
    touches the forum's lists)."""
    trackers = TRACKERS[instance._meta.label_lower]
    return tuple(
        str(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if field.name not in trackers
    )


def _topic_of(instance):
    """The topic a forum row belongs to (a topic, post, poll, option, vote or attachment)."""
    try:
        while instance is not None and instance._meta.label_lower != "forum_conversation.topic":
            names = ("topic", "post", "poll", "poll_option")
            instance = getattr(instance, next(n for n in names if hasattr(instance, f"{n}_id")))
    except (StopIteration, ObjectDoesNotExist):  # another model; or deleted with it
        return None
    return instance


# Keys the apps owning a model add (registered in their AppConfig.ready(): this module imports no
# feature app): by model label, the keys of a row; for a topic, more keys its writes touch.
_KEYS_BY_MODEL = {}
_TOPIC_KEYS = []


def register_keys(label, keys):
    """``keys(instance)``: the keys a write of a row of the model ``label`` ("app.model", lower
    case) touches, instead of the rules of :func:`keys_of`."""
    _KEYS_BY_MODEL[label] = keys


def register_topic_keys(keys):
    """``keys(topic_pk)``: more keys a write in a topic touches (the pages its posts cite)."""
    if keys not in _TOPIC_KEYS:
        _TOPIC_KEYS.append(keys)


def _more_topic_keys(topic_pk):
    return set().union(*(keys(topic_pk) for keys in _TOPIC_KEYS))


def keys_of(instance):
    """The keys a save or deletion of ``instance`` (a watched model's row) touches."""
    label = instance._meta.label_lower
    if label in _KEYS_BY_MODEL:
        return set(_KEYS_BY_MODEL[label](instance))
    if label == "accounts.user":
        return {CONTENT, member_key(instance.pk)}
    if label in TRACKERS:
        keys = {FORUM} | ({rubric_key(instance.pk)} if label == "forum.forum" else set())
        if getattr(instance, "_shown_before", None) != _shown(instance):
            keys.add(CONTENT)
        instance._shown_before = _shown(instance)
        return keys
    if instance._meta.app_label not in FORUM_APPS:
        return {CONTENT}
    topic = _topic_of(instance)
    if topic is None:  # a row of no topic (an expertise), or deleted with its topic
        return {CONTENT, FORUM}
    return {FORUM, topic_key(topic.pk), rubric_key(topic.forum_id)} | _more_topic_keys(topic.pk)


def _keys_of_rows(model, rows, keys):
    if keys is not None or not is_watched(model):
        return keys or ()
    return set().union(*(keys_of(row) for row in rows))


def update(queryset, keys=None, **values):
    """``queryset.update(**values)``, and the keys its rows touch bumped (``keys``: those, when the
    caller knows better; ``()`` for a value no page shows). The one way app code updates rows of
    a watched model in bulk."""
    rows = [] if keys is not None or not is_watched(queryset.model) else list(queryset)
    changed = queryset.update(**values)
    touched = _keys_of_rows(queryset.model, rows, keys)
    if changed and touched:
        bump(*touched)
    return changed


def bulk_create(model, objs, keys=None, **options):
    """``model.objects.bulk_create(objs, **options)``, and the keys the rows touch bumped."""
    created = model._default_manager.bulk_create(objs, **options)
    touched = _keys_of_rows(model, created, keys)
    if touched:
        bump(*touched)
    return created


class bulk_writes(ContextDecorator):  # noqa: N801 (used as a decorator, like contextmanager)
    """A function or a ``with`` block whose writes send no signal (``bulk_update()``, page rows
    written in bulk, SQL): ``keys`` are bumped after it, now and on commit (by default every
    cached page). The no-bypass test accepts such writes only lexically inside one."""

    def __init__(self, *keys):
        self.keys = keys

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        bump(*self.keys)
        return False


def on_init(sender, instance, **kwargs):
    instance._shown_before = _shown(instance)


def on_save(sender, instance, update_fields=None, **kwargs):
    if not is_watched(sender):
        return
    # A member signing in (last_login) changes no page.
    if sender._meta.label_lower == "accounts.user" and update_fields == frozenset({"last_login"}):
        return
    bump(*keys_of(instance))


def on_delete(sender, instance, **kwargs):
    if is_watched(sender):
        instance._shown_before = None  # a rubric deleted: gone from the content too
        bump(*keys_of(instance))


def on_m2m_change(sender, instance, action, **kwargs):
    if action.startswith("post_") and (is_watched(type(instance)) or is_watched(sender)):
        bump(*(keys_of(instance) if is_watched(type(instance)) else (CONTENT,)))


def on_signal(**kwargs):
    bump(CONTENT)


def connect():
    post_save.connect(on_save, dispatch_uid="comcep_page_cache_save")
    post_delete.connect(on_delete, dispatch_uid="comcep_page_cache_delete")
    m2m_changed.connect(on_m2m_change, dispatch_uid="comcep_page_cache_m2m")
    for label in TRACKERS:
        post_init.connect(on_init, sender=apps.get_model(label), dispatch_uid=f"comcep_{label}")
    for signal in (
        page_published,
        page_unpublished,
        post_page_move,
        page_slug_changed,
        published,
        unpublished,
    ):
        signal.connect(on_signal, dispatch_uid=f"comcep_page_cache_{id(signal)}")
