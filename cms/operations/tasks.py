"""Background work in its place: the priorities of the project's tasks, and bulk loads that do
not flood the queue.

Priorities (django-tasks: -100 to 100, the highest first; the database backend's worker takes
tasks in that order). Wagtail's and modelsearch's index updates keep the default, 0: what a member
waits for (a notification, its e-mail) never waits behind them.

``tasks_run_at_the_end()``: a bulk load (``manage.py load_demo``) saves hundreds of pages,
snippets and posts, each save enqueueing a search-index and a reference-index update. Inside the
block, tasks are collected instead of stored; when it ends, each distinct task (same function,
same arguments) runs once, in the loading process, by priority; what they enqueue in turn runs
the same way. The worker's queue receives nothing.
"""

import json
from contextlib import contextmanager

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.dummy import DummyBackend

# What a member waits for: notifications (fan-out of a post, mentions, moderators alerted) and
# their e-mails.
MEMBER_WAITING = 50
# E-mails about the catalogue, contributions and feedback, sent the same day.
MESSAGES = 20
# Daily or periodic work (digests, alerts): after the above, before indexing.
ROUTINE = 10


def _signature(result):
    arguments = json.dumps([result.args, result.kwargs], sort_keys=True, default=str)
    return result.task.module_path, arguments


@contextmanager
def tasks_run_at_the_end(alias=DEFAULT_TASK_BACKEND_ALIAS):
    """Collect the tasks enqueued inside the block; run each distinct one once when it ends.

    Tasks enqueued ``on_commit`` are collected if the transaction commits inside the block. An
    error inside the block drops what was collected (the transaction it belonged to is gone)."""
    original = task_backends[alias]
    collector = DummyBackend(alias=alias, params={})
    task_backends[alias] = collector
    try:
        yield
        while collector.results:
            batch, collector.results = collector.results, []
            ran = set()
            batch.sort(key=lambda result: -result.task.priority)
            for result in batch:
                signature = _signature(result)
                if signature in ran:
                    continue
                ran.add(signature)
                result.task.call(*result.args, **result.kwargs)
    finally:
        task_backends[alias] = original
