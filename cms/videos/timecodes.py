"""Times in a video: ``?t=135``, ``t=2m15s``, ``t=2:15`` as readers and hosts write them."""

import re

TIME_PARTS = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")
TIME_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):([0-5]\d)$")
MAX_SECONDS = 24 * 3600


def parse_time(value):
    """Seconds from ``135``, ``2m15s``, ``1h2m3s``, ``2:15`` or ``1:02:15``; None if not a time."""
    value = (value or "").strip().lower()[:16]
    if not value:
        return None
    seconds = None
    if match := TIME_CLOCK.match(value):
        hours, minutes, secs = match.groups()
        seconds = int(hours or 0) * 3600 + int(minutes) * 60 + int(secs)
    elif (match := TIME_PARTS.match(value)) and any(match.groups()):
        hours, minutes, secs = match.groups()
        seconds = int(hours or 0) * 3600 + int(minutes or 0) * 60 + int(secs or 0)
    if seconds is None or seconds > MAX_SECONDS:
        return None
    return seconds


def time_label(seconds):
    """``2:15``, or ``1:02:15`` past an hour."""
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
