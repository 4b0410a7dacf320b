"""Sign-in lockout (django-axes): the French page a locked-out sign-in gets, and its release.

Axes counts failed sign-ins per sign-in name (the e-mail address typed, in lower case) *and*
address (settings: ``AXES_*``, from ``COMCEP_LOGIN_*``) on every sign-in form that goes through
Django's ``authenticate``: the site's, Wagtail's and Django's admin. So an attacker locks out only
their own attempts: the member still signs in from anywhere else, and so do the other members
behind the attacker's address. Attempts made while locked out are not counted: the lockout ends
at the time it announced. Once locked, the answer is this page whatever the password: it never
tells whether it was right.
"""

import math
from datetime import timedelta

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone


def sign_in_name(request, credentials=None):
    """The name axes counts failures for: the address typed, whatever its case and spaces."""
    data = credentials if credentials is not None else getattr(request, "data", request.POST)
    name = (data or {}).get("username")
    return name.strip().lower() if isinstance(name, str) else None


def time_left(request, credentials):
    """How long the lockout of this sign-in name from this address still lasts: the cool-off
    counted from the last failure that was counted (later attempts do not extend it)."""
    cool_off = get_cool_off(request)
    if not cool_off:
        return None
    last_failure = AccessAttempt.objects.filter(
        username=sign_in_name(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None),
    ).aggregate(last=Max("attempt_time"))["last"]
    if last_failure is None:
        return cool_off
    return max(last_failure + cool_off - timezone.now(), timedelta(seconds=1))


def locked_out_response(request, original_response=None, credentials=None):
    cool_off = time_left(request, credentials)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else 0
    response = render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def release(user):
    """The member proved they own the account (a new password by e-mail): lift the lockout of
    their sign-in name, from every address."""
    if user.email:
        reset(username=user.email.strip().lower())
