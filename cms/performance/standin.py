"""The reader withheld from a rendering shared by their audience (:mod:`.membercache`).

While a page is rendered once for everyone of an audience, its request carries a stand-in for the
reader: ``request.user`` (and so ``user``, ``perms`` and ``view.request.user`` in templates) answers
only the fields the audience key holds; the session, the cookies, the messages, the CSRF token and
the headers that identify the reader raise :class:`ReaderDataInSharedRender`; machina's permission
checks answer only those that depend on the rubric's permissions, which the key holds. Whatever else
of the reader a template reads fails the shared rendering: the page is then rendered for this
reader alone and not kept (an error logged; raised under ``DEBUG``). The reader's own output goes
through ``{% member_part %}``, rendered after the real request is back.
"""

import contextlib

# The reader's fields a shared rendering may read, besides those its audience parts declare
# (``register_audience_part(..., user_fields=...)``): the audience holds the staff and superuser
# flags, and a signed-in member is active.
USER_FIELDS = ("is_staff", "is_superuser", "is_active")

# Request headers that identify the reader (their session cookie, CSRF token, address).
WITHHELD_HEADERS = frozenset(
    {"HTTP_COOKIE", "CSRF_COOKIE", "HTTP_AUTHORIZATION", "REMOTE_ADDR", "HTTP_X_FORWARDED_FOR"}
)

# machina's checks answered from the reader's permissions in a rubric and the object alone (not from
# who wrote a post, or whom a topic is followed by): the topic and rubric pages key their text on
# the reader's permissions in their rubric, and every page on the rubrics they moderate.
SHARED_PERMISSION_CHECKS = (
    "can_read_forum",
    "can_add_topic",
    "can_add_stickies",
    "can_add_announcements",
    "can_post_without_approval",
    "can_add_post",
    "can_create_polls",
    "can_attach_files",
    "can_download_files",
    "can_access_moderation_queue",
    "can_lock_topics",
    "can_move_topics",
    "can_delete_topics",
    "can_update_topics_to_normal_topics",
    "can_update_topics_to_sticky_topics",
    "can_update_topics_to_announces",
    "can_approve_posts",
)


class ReaderDataInSharedRender(Exception):  # noqa: N818  (what it says, as the log shows it)
    """A rendering shared by an audience read something of its reader outside a member part."""


class Withheld:
    """What a shared rendering may not read at all: any use raises."""

    def __init__(self, what):
        object.__setattr__(self, "_what", what)

    def _refuse(self, *args, **kwargs):
        raise ReaderDataInSharedRender(f"{self._what} (use {{% member_part %}})")

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise ReaderDataInSharedRender(f"{self._what}.{name} (use {{% member_part %}})")

    __getitem__ = __iter__ = __len__ = __bool__ = __contains__ = __str__ = _refuse


class ReaderStandIn(Withheld):
    """``request.user`` in a shared rendering: a signed-in member with ``fields`` of the reader
    (those the audience key holds); reading any other field raises."""

    is_authenticated = True
    is_anonymous = False
    __getitem__ = None  # templates then read its fields as attributes

    def __init__(self, user, fields):
        super().__init__("user")
        object.__setattr__(self, "_reader", (user, frozenset(fields)))

    def __getattr__(self, name):
        user, fields = self._reader
        return getattr(user, name) if name in fields else super().__getattr__(name)

    def __setattr__(self, name, value):
        self._refuse()

    def __repr__(self):
        return "<ReaderStandIn>"


class WithheldHeaders(dict):
    """``request.META`` in a shared rendering, without the headers that identify the reader."""

    def _check(self, name):
        if name in WITHHELD_HEADERS:
            raise ReaderDataInSharedRender(f"request.META[{name!r}] (use {{% member_part %}})")

    def __getitem__(self, name):
        self._check(name)
        return super().__getitem__(name)

    def get(self, name, default=None):  # from code only: a withheld header is absent
        return default if name in WITHHELD_HEADERS else super().get(name, default)

    def __contains__(self, name):
        self._check(name)
        return super().__contains__(name)


class SharedPermissions(Withheld):
    """``request.forum_permission_handler`` in a shared rendering: the shared checks, answered for
    the reader; any other check raises."""

    def __init__(self, handler, user):
        super().__init__("request.forum_permission_handler")
        object.__setattr__(self, "_checks", (handler, user))


def _shared_check(name):
    def check(self, *args):
        handler, user = self._checks
        return getattr(handler, name)(*(user if isinstance(a, Withheld) else a for a in args))

    check.__name__ = name
    return check


# Methods of the class: machina's ``get_permission`` tag accepts only what inspect lists as methods.
for _name in SHARED_PERMISSION_CHECKS:
    setattr(SharedPermissions, _name, _shared_check(_name))


def audience_reader(user):
    """The reader behind a stand-in, for a function whose answer their audience holds (the rubrics
    they read and moderate, whether they may contribute): only such functions call it."""
    return user._reader[0] if isinstance(user, ReaderStandIn) else user


# What of the request a shared rendering reads through its stand-ins.
WITHHELD_ATTRIBUTES = ("user", "auser", "session", "COOKIES", "_messages", "META")


@contextlib.contextmanager
def reader_withheld(request, fields=()):
    """While the block runs, ``request`` shows nothing of its reader but ``fields`` (and
    ``USER_FIELDS``) of ``request.user``."""
    names = (*WITHHELD_ATTRIBUTES, "forum_permission_handler")
    saved = {name: request.__dict__[name] for name in names if name in request.__dict__}
    user = request.user
    user.is_authenticated  # noqa: B018  (evaluates a lazy user before it is withheld)
    request.user = ReaderStandIn(user, USER_FIELDS + tuple(fields))
    request.auser = request.session = request.COOKIES = request._messages = Withheld("the reader")
    request.META = WithheldHeaders(request.META)
    if "forum_permission_handler" in saved:
        request.forum_permission_handler = SharedPermissions(
            saved["forum_permission_handler"], user
        )
    try:
        yield
    finally:
        for name in names:
            request.__dict__.pop(name, None)
        request.__dict__.update(saved)
