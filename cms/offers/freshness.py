"""How old a "verified on" date may get before readers are warned and owners reminded."""

import calendar
import datetime

from django.conf import settings
from django.utils import timezone

DEFAULT_MONTHS = 12


def months_before(day, months):
    """The same day ``months`` months earlier, clamped to the end of shorter months."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def max_age_months(kind):
    """Months after which an offer of ``kind`` must be checked again (setting FRESHNESS_MONTHS)."""
    limits = getattr(settings, "FRESHNESS_MONTHS", {})
    return limits.get(kind, limits.get("default", DEFAULT_MONTHS))


def stale_before(kind, today=None):
    """Offers of ``kind`` verified before this date are stale."""
    return months_before(today or timezone.localdate(), max_age_months(kind))
