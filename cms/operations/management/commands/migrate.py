"""``manage.py migrate``: Django's, with the garbage collector run less often while it works.

Applying the 290 migrations of a new database builds the models' state again after each
operation: millions of short-lived objects, over which Python's collector would otherwise run
thousands of times (a fifth of the time of ``make run``'s migrations). The usual thresholds come
back when the command ends. ``cms.operations`` comes before ``django.core`` for commands.
"""

import gc

from django.core.management.commands import migrate


class Command(migrate.Command):
    def handle(self, *args, **options):
        thresholds = gc.get_threshold()
        gc.set_threshold(20_000, 20, 20)
        try:
            return super().handle(*args, **options)
        finally:
            gc.set_threshold(*thresholds)
