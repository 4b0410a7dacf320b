"""Database ids in addresses: digits that fit a 64-bit integer, not 0, or the address matches
nothing.

Django's ``int`` converter accepts any number of digits; a number too large for the database
column makes SQLite raise OverflowError (a 500 instead of a 404), and machina's views read an id
of 0 as "no object" (an AttributeError). ``with_database_ids`` gives every ``<int:…>`` parameter
of the project's routes, Wagtail's and machina's included, to the ``id`` converter.
"""

import re

from django.urls import URLPattern, URLResolver, register_converter
from django.urls.resolvers import RoutePattern

MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")


def is_database_id(value):
    """Whether ``value`` (text from an address) can be the id of a database row."""
    return bool(DIGITS.fullmatch(str(value))) and 0 < int(value) <= MAX_ID


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        if not is_database_id(value):
            raise ValueError(value)  # the address does not match this route
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(DatabaseIdConverter, "id")


def with_database_ids(patterns):
    """``patterns`` (a list of routes, included ones too) with each ``<int:…>`` parameter read
    by the ``id`` converter: an id that no row can have matches nothing (a 404)."""
    rewritten = []
    for pattern in patterns:
        route = database_id_route(pattern.pattern)
        if isinstance(pattern, URLResolver):
            rewritten.append(
                URLResolver(
                    route,
                    with_database_ids(pattern.url_patterns),
                    pattern.default_kwargs,
                    app_name=pattern.app_name,
                    namespace=pattern.namespace,
                )
            )
        elif isinstance(pattern, URLPattern):
            rewritten.append(
                URLPattern(route, pattern.callback, pattern.default_args, pattern.name)
            )
        else:
            rewritten.append(pattern)
    return rewritten


def database_id_route(pattern):
    route = str(pattern._route) if isinstance(pattern, RoutePattern) else ""
    # Wagtail's choosers take the chosen object's key as text (for models keyed by text); every
    # model chosen in this project has an integer key.
    if pattern.name == "chosen":
        route = route.replace("<str:pk>", "<id:pk>")
    if "<int:" not in route and route == str(getattr(pattern, "_route", "")):
        return pattern
    return RoutePattern(
        route.replace("<int:", "<id:"), name=pattern.name, is_endpoint=pattern._is_endpoint
    )
