"""``@identifiant`` in a post: a link to the member's profile, and a notification (tasks.py).

Handles are members' usernames. A post's handles are resolved in one query when the post is
rendered (machina renders a post once, when it is saved) and when its notifications are created;
an unknown handle stays plain text. Handles are not linked inside code, pre or existing links.
"""

import re

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape

HANDLE = re.compile(r"(?<![\w@.+-])@([\w+-]+(?:\.[\w+-]+)*)")
TAG = re.compile(r"(<[^>]*>)")
SKIPPED = {"a", "code", "pre"}
MAX_MENTIONS = 20


def handles_in(text):
    """The handles written in ``text`` (lowercase, in order, without repeats, at most 20)."""
    seen = []
    for match in HANDLE.finditer(text or ""):
        handle = match.group(1).lower()
        if handle not in seen:
            seen.append(handle)
    return seen[:MAX_MENTIONS]


def mentioned_members(text):
    """{handle: member} of the handles in ``text`` that name an active member (one query)."""
    handles = handles_in(text)
    if not handles:
        return {}
    User = get_user_model()
    members = User.objects.filter(is_active=True).exclude(status=User.Status.DELETED)
    condition = Q()
    for handle in handles:
        condition |= Q(username__iexact=handle)
    query = members.filter(condition)
    return {user.username.lower(): user for user in query.only("pk", "username")}


def link_mentions(html, text):
    """``html`` (rendered from ``text``) with each known handle linked to the member's profile."""
    members = mentioned_members(text)
    if not members:
        return html
    parts = TAG.split(html)
    depth = 0
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if name in SKIPPED:
                depth += -1 if part.startswith("</") else 1
            continue
        if depth == 0 and "@" in part:
            parts[index] = HANDLE.sub(lambda match: _link(match, members), part)
    return "".join(parts)


def _link(match, members):
    member = members.get(match.group(1).lower())
    if member is None:
        return match.group(0)
    url = reverse("forum_member:profile", kwargs={"pk": member.pk})
    return f'<a href="{escape(url)}" class="mention">@{escape(member.username)}</a>'
