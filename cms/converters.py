"""Database ids in addresses: digits that fit a 64-bit integer, or the address matches nothing.

Django's ``int`` converter accepts any number of digits; a number too large for the database
column makes SQLite raise OverflowError (a 500 instead of a 404).
"""

import re

from django.urls import register_converter

MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")


def is_database_id(value):
    """Whether ``value`` (text from an address) can be the id of a database row."""
    return bool(DIGITS.fullmatch(str(value))) and int(value) <= MAX_ID


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        if not is_database_id(value):
            raise ValueError(value)  # the address does not match this route
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(DatabaseIdConverter, "id")
