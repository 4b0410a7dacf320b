"""Rate limits on what a person (or a script) can do many times: sign up, ask for a password reset,
post, report. (Failed sign-ins are counted by the lockout, community/accounts/lockout.py.)

Each limit is named in ``settings.COMCEP_RATE_LIMITS`` ("10/m", "100/h"…) and counted by
django-ratelimit in the default cache, per member, per address or per e-mail address. A request
is refused before anything happens when its count is already reached; it counts only once it has
done what the limit guards (by default: answered with a redirect, i.e. a form was accepted), so that
a form sent back with errors or a preview costs nothing. A refusal is the French 429 page
(templates/429.html): nothing was saved, what the member typed is shown back to copy.
"""

import math

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage


def _member(group, request):
    return str(request.user.pk) if request.user.is_authenticated else None


def _ip(group, request):
    return request.META.get(settings.COMCEP_CLIENT_IP_HEADER, "") or "unknown"


def _email(group, request):
    return request.POST.get("email", "").strip().lower() or None


# What each limit counts by: the signed-in member, the visitor's address, the e-mail address typed.
KEYS = {
    "post": _member,
    "post_hourly": _member,
    "post_ip": _ip,
    "signup": _ip,
    "password_reset": _email,
    "password_reset_ip": _ip,
    "report": _member,
    "report_ip": _ip,
    "proposal": _member,
    "proposal_ip": _ip,
    "feedback": _member,
    "rubric_proposal": _member,
    "expert_request": _member,
    "similar_questions": _member,
}


def _usage(request, name, increment):
    key = KEYS[name]
    if key(None, request) is None:
        return None
    return get_usage(
        request,
        group=f"comcep:{name}",
        key=key,
        rate=settings.COMCEP_RATE_LIMITS[name],
        method="POST",
        increment=increment,
    )


def exceeded(request, names):
    """The seconds to wait when one of the limits is already reached, else None."""
    waits = []
    for name in names:
        usage = _usage(request, name, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            waits.append(max(usage["time_left"], 1))
    return max(waits) if waits else None


def count(request, names):
    for name in names:
        _usage(request, name, increment=True)


# What a member may have typed in the forms these limits guard, shown back on the 429 page.
TYPED_FIELDS = ("subject", "content", "comment", "title", "summary", "body", "text")


def too_many_requests(request, retry_after):
    minutes = max(1, math.ceil(retry_after / 60))
    typed = [request.POST[name] for name in TYPED_FIELDS if request.POST.get(name, "").strip()]
    response = render(
        request,
        "429.html",
        {"retry_minutes": minutes, "typed_text": "\n\n".join(typed)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitedMixin:
    """For a view whose POST does what ``rate_limits`` guard (names in COMCEP_RATE_LIMITS).

    Put it first among the bases: the check runs in ``post()``, after the view's own ``dispatch``
    (sign-in and permission checks), so a visitor who may not post is refused as before.
    """

    rate_limits = ()

    def counts(self, response):
        """Whether this answer used up one unit of the limits: by default, a form accepted."""
        return response.status_code in (301, 302, 303)

    def post(self, request, *args, **kwargs):
        retry_after = exceeded(request, self.rate_limits)
        if retry_after:
            return too_many_requests(request, retry_after)
        response = super().post(request, *args, **kwargs)
        if self.counts(response):
            count(request, self.rate_limits)
        return response
