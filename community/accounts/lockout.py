"""Sign-in lockout (django-axes): the French page a locked-out username gets, and its release.

Axes counts failed sign-ins per username (settings: ``AXES_*``, from ``COMCEP_LOGIN_*``) on every
sign-in form that goes through Django's ``authenticate``: the site's, Wagtail's and Django's admin.
Once locked, the answer is this page whatever the password: it never tells whether it was right.
"""

import math

from axes.helpers import get_cool_off
from axes.utils import reset
from django.shortcuts import render


def locked_out_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else 0
    response = render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def release(user):
    """The member proved they own the account (a new password by e-mail): lift the lockout."""
    reset(username=user.get_username())
