"""Pages for signed-in members, rendered once for everyone who would see the same page.

The anonymous page cache (:mod:`.pagecache`) serves no one who carries a session. Yet most of what a
member reads on the catalogue, the videos or the home page is the same for every member who may see
the same things: only a few parts belong to the reader alone — the header's account links (name,
unread notifications, sign-out form), the messages, the footer's opinion form, an offer's "follow"
button, the home page's questions in what they follow. Those parts are *member parts*:

- a template marks each with ``{% member_part "template.html" [number] [name=value…] %}``; the
  part is that template, rendered with the request, the reader, their permissions, messages and
  CSRF token, the page, and the part's own values (numbers, text, yes/no: a post's id and author,
  say), nothing else, so it reads the same whether the rest of the page came from the cache or not;
- a page type served through :class:`MemberPageCacheMixin` is rendered for a member with each part
  left as a marker; that text is kept in the shared cache under the version of public content, the
  day (freshness notices), the address and the reader's *audience*; each request then renders only
  its own parts into it.

The audience is everything outside the parts that a page may show differently from one member to
another: their staff and superuser flags, and what the apps owning the rest of a member's state
register with :func:`register_audience_part` in their ``AppConfig.ready()`` (this module imports no
feature app): the forum, the rubrics they may read and moderate (forum discussions listed on a
page); the contributions, whether they may propose content or edit; the accounts, their status and
region (the home page puts its offers first). A part may also say that a member is served without
this cache: the forum's, for a member with a post or topic waiting for approval, or hidden, who sees
it where others do not, until it is decided. The shared text is rendered with the reader withheld
(:mod:`.standin`): a template that reads of them more than the audience holds is rendered for them
alone.

A view may add to the audience what its page shows differently (a rubric's permissions), say that
one response must not be kept (``mark_uncacheable``: a poll showing the reader's vote), and give
what must still happen on each visit served from the cache (a topic's views counter).

The query string is that of the anonymous cache (:mod:`.pagecache`): the page is kept under the
parameters its view reads, normalised, and rendered from those only; a view that does not say
what it reads is cached only without a query; at most ``COMCEP_PAGE_CACHE_VARIANTS`` addresses with
a query are kept per page and version (:func:`.pagecache.keeps_variant`).

Preview (a draft in the admin) is never cached. ``COMCEP_PAGE_CACHE_SECONDS = 0`` turns this cache
off together with the anonymous one.
"""

import functools
import hashlib
import logging
import re

from django.conf import settings
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.template.context_processors import csrf
from django.template.loader import get_template
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

from .invalidation import (
    CONTENT,
    FORUM,
    built_from_primary,
    cache,
    citations_key,
    depends_on,
    local_get,
    local_set,
    page_versions,
)
from .pagecache import clean_query, keeps_variant, use_query
from .standin import ReaderDataInSharedRender, reader_withheld

logger = logging.getLogger(__name__)

HEADER = "X-Member-Cache"

# The marker left in the shared text for a part: keyed with the secret key, so that no content
# (an editor's HTML, a member's post) can contain one.
_TOKEN = None


def _marker_token():
    global _TOKEN
    if _TOKEN is None:
        _TOKEN = salted_hmac("comcep.member-part", "marker").hexdigest()[:20]
    return _TOKEN


def _marker(template_name, index):
    if not re.fullmatch(r"[\w./-]+", template_name):
        raise ValueError(f"Not a member part template name: {template_name!r}")
    return f"<!--member-part:{_marker_token()}:{template_name}:{int(index)}-->"


def _marker_pattern():
    return re.compile(rf"<!--member-part:{_marker_token()}:([\w./-]+):(\d+)-->")


PART_VALUE_TYPES = (bool, int, str, type(None))


def _csrf_of(request):
    if not hasattr(request, "_member_parts_csrf"):
        request._member_parts_csrf = csrf(request)
    return request._member_parts_csrf


def _part_context(request, page):
    """What every part of a request sees (built once per request)."""
    if getattr(request, "_member_parts_context", None) is None:
        # An error page answered before authentication (a malformed address) has no reader.
        user = getattr(request, "user", None) or AnonymousUser()
        if isinstance(user, SimpleLazyObject):
            # The member itself: each part reads it many times, through the wrapper otherwise.
            user.is_authenticated  # noqa: B018  (evaluates the wrapper)
            user = user._wrapped
        request._member_parts_context = {
            "request": request,
            "user": user,
            "perms": PermWrapper(user),
            "messages": get_messages(request),
            # One token per request, as one page rendered at once would have.
            **_csrf_of(request),
        }
    return {**request._member_parts_context, "page": page}


def render_part(template_name, request, page=None, values=None, template=None):
    """A member part: ``template_name`` (``template``, when the caller already loaded it) with
    the request, the reader, the page and the part's values only."""
    template = template or get_template(template_name)
    return template.render({**(values or {}), **_part_context(request, page)})


def part(context, template_name, arg=None, **values):
    """What ``{% member_part %}`` writes: the part, or its marker while recording a shared text."""
    request = context.get("request")
    if request is None:
        return ""
    if arg is not None:
        values["part_arg"] = int(arg)
    for name, value in values.items():
        if not isinstance(value, PART_VALUE_TYPES):
            # What the part shows must be decided by its values alone, never by an object that
            # a later request would rebuild differently.
            raise TypeError(f"Member part value {name}={value!r}: a number, text or yes/no only")
    recorded = getattr(request, "_member_parts_recording", None)
    if recorded is not None:
        recorded.append(values)
        # A registered template name (no markup) and a number inside an HTML comment.
        return mark_safe(_marker(template_name, len(recorded) - 1))  # noqa: S308
    return render_part(template_name, request, context.get("page"), values)


def fill(text, values, request, page):
    """The shared ``text`` with the reader's own parts rendered in (``values``: each part's)."""
    pieces = _marker_pattern().split(text)
    # split() gives the text, then each part's template name and index, then text again.
    filled = [pieces[0]]
    templates = {}  # each template looked up once (a rubric list repeats its parts)
    for index in range(1, len(pieces), 3):
        name, number, after = pieces[index : index + 3]
        if name not in templates:
            templates[name] = get_template(name)
        filled.append(render_part(name, request, page, values[int(number)], templates[name]))
        filled.append(after)
    return "".join(filled)


def mark_uncacheable(request):
    """This response shows something of its reader outside the member parts: do not keep it."""
    request._member_page_uncacheable = True


# Attributes of a response that middleware reads after the view (django-csp's per-response
# policy: a page embedding a video player allows its origin), kept with the shared text.
RESPONSE_ATTRIBUTES = ("_csp_update", "_csp_replace")


# What the apps owning a member's state add to their audience, by name (see register_audience_part).
_AUDIENCE_PARTS = {}
_USER_FIELDS = {}


def register_audience_part(name, part, user_fields=()):
    """Add ``part(request)`` to the audience of ``request.user`` under ``name``: what of the reader,
    outside the member parts, a page may show differently (a repr-able value), or None when this
    member must be served without the cache; ``user_fields``: the reader's fields it holds, which
    the shared rendering may read (:mod:`.standin`). The app owning that state calls it in its
    ``AppConfig.ready()``; registering a name again replaces its part."""
    _AUDIENCE_PARTS[name] = part
    _USER_FIELDS[name] = tuple(user_fields)


def audience(request):
    """What, outside the member parts, may differ between two members reading the same page; None
    when this member must be served without the cache."""
    user = request.user
    parts = [user.is_staff, user.is_superuser]
    for name in sorted(_AUDIENCE_PARTS):
        value = _AUDIENCE_PARTS[name](request)
        if value is None:
            return None
        parts.append((name, value))
    return repr(parts)


def _key(request, name, who):
    address = "|".join((request.get_host(), request.get_full_path(), who))
    digest = hashlib.sha256(address.encode()).hexdigest()
    # "v3": texts kept with their parts' values (a poll's with its topic) and response attributes.
    return f"comcep:member-page:v3:{name}:{timezone.localdate().isoformat()}:{digest}"


def _applies(request):
    if not settings.COMCEP_PAGE_CACHE_SECONDS or request.method != "GET":
        return False
    if getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def serve_for_member(request, name, render, page=None, extra=None, on_hit=None):
    """``render()``'s response for a signed-in member, from the text shared by their audience
    (kept under ``name``, the address, the audience and ``extra``: what the view adds to it) with
    their own parts rendered in; ``on_hit()`` runs when the text came from the cache."""
    if not _applies(request):
        return render()
    query = clean_query(request)
    if query is None:
        return render()
    who = audience(request)
    if who is None:
        return render()
    use_query(request, query)
    key = _key(request, name, who if extra is None else f"{who}|{extra}")
    versions = page_versions(request)
    stored = local_get(f"{key}@{versions}")
    if stored is None:
        stored = cache().get(key)
        if stored is not None and stored[0] == versions:
            local_set(f"{key}@{versions}", stored)
    if stored is not None and stored[0] == versions:
        _versions, content_type, text, values, attributes = stored
        response = HttpResponse(fill(text, values, request, page), content_type=content_type)
        for attribute, value in attributes.items():
            setattr(response, attribute, value)
        response[HEADER] = "hit"
        if on_hit is not None:
            on_hit()
        return response
    request._member_parts_recording = values = []
    try:
        response = built_from_primary(render)
        # Only a template rendered here, with the reader withheld, is shared (:mod:`.standin`).
        shared = not getattr(response, "is_rendered", True) and built_from_primary(
            lambda: _render_shared(request, response)
        )
    finally:
        request._member_parts_recording = None
    if response.streaming or not getattr(response, "is_rendered", True):
        return response  # rendered for this reader alone, with their parts in place
    text = response.content.decode(response.charset)
    keep = (
        shared
        and response.status_code == 200
        and not response.cookies
        and not getattr(request, "_member_page_uncacheable", False)
        and keeps_variant(request, dict(versions)[CONTENT])
    )
    if keep:
        attributes = {
            attribute: getattr(response, attribute)
            for attribute in RESPONSE_ATTRIBUTES
            if getattr(response, attribute, None)
        }
        stored = (versions, response["Content-Type"], text, values, attributes)
        cache().set(key, stored, settings.COMCEP_PAGE_CACHE_SECONDS)
        local_set(f"{key}@{versions}", stored)
        response[HEADER] = "miss"
    response.content = fill(text, values, request, page)
    return response


def _render_shared(request, response):
    """Render ``response`` for the reader's audience; False (not rendered) if it read its reader."""
    fields = [field for fields in _USER_FIELDS.values() for field in fields]
    try:
        with reader_withheld(request, fields):
            response.render()
    except ReaderDataInSharedRender:
        if settings.DEBUG:
            raise
        logger.exception("Reader data outside a member part on %s", request.path)
        return False
    return True


class MemberPageCacheMixin:
    """For a page type whose content, outside its member parts, depends only on the audience.
    Both page caches keep it under the numbers of ``CONTENT`` and of :meth:`cache_keys`."""

    # What the page shows of the forum: "lists" (it changes with any post), "citations" (the
    # discussions citing the page: ``{% related_discussions %}``) or None.
    forum_shown = "lists"

    def cache_keys(self):
        """What the page depends on besides the content (:mod:`.invalidation`)."""
        return {"lists": (FORUM,), "citations": (citations_key(self.pk),), None: ()}[
            self.forum_shown
        ]

    def serve(self, request, *args, **kwargs):
        parent = super()
        depends_on(request, *self.cache_keys())
        return serve_for_member(
            request, f"page-{self.pk}", lambda: parent.serve(request, *args, **kwargs), page=self
        )


def member_cached(view, query_parameters=None):
    """The same for a view (``view``'s output, outside its parts, depends only on the audience);
    ``query_parameters``: the names of those it reads, if it does not say it itself."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return serve_for_member(request, "view", lambda: view(request, *args, **kwargs))

    if query_parameters is not None:
        wrapped.query_parameters = tuple(query_parameters)
    return wrapped
