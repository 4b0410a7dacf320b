"""The background worker that outlives a database restart.

django-tasks-db's worker stops at the first database error that is not a lock: a PostgreSQL
restart, a failover or a network cut ends the process and tasks wait until someone starts it
again. ``ReconnectingWorker`` keeps its loop instead: it closes the dead connections, waits with a
bounded exponential back-off until the database answers, records as failed the task whose outcome
was lost with the connection (it would otherwise stay "running" for ever), and resumes.
"""

import logging
import time
from contextlib import suppress

from django.db import DatabaseError, InterfaceError, OperationalError, connections, router
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")

# What a lost or refused connection raises (psycopg: "the connection is closed", "terminating
# connection due to administrator command", "connection refused"…). Any other error still stops
# the worker, and its supervisor starts it again.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def describe(error):
    """The error's message on one line (psycopg's span several)."""
    return " ".join(str(error).split()) or type(error).__name__


class ReconnectingWorker(Worker):
    first_delay = 1.0  # seconds before the first attempt to reconnect
    max_delay = 30.0  # the back-off doubles up to this

    def __init__(self, *, first_delay=None, max_delay=None, **options):
        super().__init__(**options)
        if first_delay is not None:
            self.first_delay = first_delay
        if max_delay is not None:
            self.max_delay = max_delay
        self.task_in_flight = None
        self.reconnections = 0

    def run(self):
        while True:
            try:
                return super().run()
            except CONNECTION_ERRORS as error:
                if not self.running:  # stopping anyway (a signal arrived during a task)
                    raise
                logger.warning(
                    "Database connection lost (%s): worker_id=%s reconnects.",
                    describe(error),
                    self.worker_id,
                )
                self.reconnect(error)
                self.startup_delay = False

    def run_task(self, db_task_result):
        self.task_in_flight = db_task_result
        super().run_task(db_task_result)
        self.task_in_flight = None

    def reconnect(self, error):
        """Wait until the tasks' database answers, settle the lost task, then return."""
        alias = router.db_for_write(DBTaskResult)
        delay = self.first_delay
        while True:
            # A closed connection is opened again on next use; a broken one must be closed first.
            for connection in connections.all(initialized_only=True):
                with suppress(DatabaseError):
                    connection.close()
            # A stop signal received here ends the process at once (nothing is running).
            time.sleep(delay)
            try:
                connections[alias].ensure_connection()
                self.fail_lost_task(error)
            except CONNECTION_ERRORS as still:
                delay = min(delay * 2, self.max_delay)
                logger.warning(
                    "Database still unreachable (%s): next attempt in %.0f s.",
                    describe(still),
                    delay,
                )
                continue
            self.reconnections += 1
            logger.warning("Database connection restored: worker_id=%s resumes.", self.worker_id)
            return

    def fail_lost_task(self, error):
        """The task running when the connection dropped could not record its outcome: mark it
        failed with the connection error (as the worker does for any task error) instead of
        leaving it "running"."""
        lost = self.task_in_flight
        if lost is None:
            return
        if DBTaskResult.objects.filter(pk=lost.pk, status=TaskResultStatus.RUNNING).exists():
            lost.set_failed(error)
            logger.error(
                "Task id=%s path=%s lost its database connection while running: marked failed.",
                lost.id,
                lost.task_path,
            )
        self.task_in_flight = None
