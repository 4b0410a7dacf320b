"""A signed time on every transfer request, so that a captured request cannot be replayed later.

wagtail-transfer 0.11 signs a request with an HMAC-SHA1 of its message alone (a page id, a model
label, the body, the chooser's query), in a ``digest`` query parameter: the same request keeps the
same digest for ever. Both ends of a ComCep transfer are ComCep, and both ends' requests go
through the project's code (``importing.py`` sends them, ``views.py`` and ``urls.py`` answer), so
each request also carries two headers, which wagtail-transfer's parameters and digests leave
untouched:

- ``X-Transfer-Timestamp``: the time it was sent, in whole seconds since the epoch;
- ``X-Transfer-Signature``: an HMAC-SHA256, with the same shared key, of that time and the
  request's wagtail-transfer digest (which already binds the message).

The exporting side refuses (403) a request without them, with a signature that does not match, or
whose time is more than ``WAGTAILTRANSFER_MAX_REQUEST_AGE`` seconds (300 by default) away from its
own clock, in the past or the future. An importer that is plain wagtail-transfer sends no such
headers and can no longer read a ComCep source; a ComCep importer still reads a plain
wagtail-transfer source, which ignores the headers.
"""

import hashlib
import hmac
import time
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from requests.auth import AuthBase, HTTPBasicAuth

TIMESTAMP_HEADER = "X-Transfer-Timestamp"
SIGNATURE_HEADER = "X-Transfer-Signature"
DEFAULT_MAX_AGE_SECONDS = 300


def max_age():
    return int(getattr(settings, "WAGTAILTRANSFER_MAX_REQUEST_AGE", DEFAULT_MAX_AGE_SECONDS))


def time_signature(key, timestamp, digest):
    """The HMAC-SHA256 that ties the time a request was sent to its wagtail-transfer digest."""
    message = f"comcep-transfer\n{timestamp}\n{digest}"
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def signed_time_headers(key, digest, now=None):
    """The two headers for a request whose wagtail-transfer digest is ``digest``."""
    timestamp = str(int(time.time() if now is None else now))
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: time_signature(key, timestamp, digest),
    }


def check_request_time(request, digest):
    """Refuse (PermissionDenied) a request that does not carry a recent time signed with this
    instance's key for ``digest``."""
    timestamp = request.headers.get(TIMESTAMP_HEADER, "")
    signature = request.headers.get(SIGNATURE_HEADER, "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12 and signature):
        raise PermissionDenied
    expected = time_signature(settings.WAGTAILTRANSFER_SECRET_KEY, timestamp, digest)
    if not hmac.compare_digest(signature, expected):
        raise PermissionDenied
    if abs(time.time() - int(timestamp)) > max_age():
        raise PermissionDenied


class SignedTimeAuth(AuthBase):
    """The ``auth`` of every request to a source: its signed time, and the source's HTTP basic
    authentication when it has one (wagtail-transfer's ``BASIC_AUTH_SECRET``)."""

    def __init__(self, source):
        config = settings.WAGTAILTRANSFER_SOURCES[source]
        self.key = config["SECRET_KEY"]
        basic = config.get("BASIC_AUTH_SECRET")
        self.basic = HTTPBasicAuth(*basic) if isinstance(basic, tuple | list) else basic

    def __call__(self, request):
        if self.basic is not None:
            request = self.basic(request)
        digest = parse_qs(urlsplit(request.url).query).get("digest", [""])[0]
        request.headers.update(signed_time_headers(self.key, digest))
        return request
