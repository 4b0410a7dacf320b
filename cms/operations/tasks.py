"""Background work in its place: the priorities of the project's tasks, and bulk loads that do
not flood the queue.

Priorities (django-tasks: -100 to 100, the highest first; the database backend's worker takes
tasks in that order). Wagtail's and modelsearch's index updates keep the default, 0: what a member
waits for (a notification, its e-mail) never waits behind them.

``tasks_run_at_the_end()``: a bulk load (``manage.py load_demo``) saves hundreds of pages,
snippets and posts, each save enqueueing a search-index and a reference-index update. Inside the
block, tasks are collected instead of stored; when it ends, each distinct task (same function,
same arguments) runs once, in the loading process, by priority; what they enqueue in turn runs
the same way; the search index is updated once per model, in bulk. The worker's queue receives
nothing.
"""

import json
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.dummy import DummyBackend
from modelsearch.backends import get_search_backends
from modelsearch.index import get_indexed_instance
from modelsearch.tasks import insert_or_update_object_task

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
            to_index = defaultdict(set)
            batch.sort(key=lambda result: -result.task.priority)
            for result in batch:
                if result.task.module_path == insert_or_update_object_task.module_path:
                    app_label, model_name, pk = result.args
                    to_index[app_label, model_name].add(pk)
                    continue
                signature = _signature(result)
                if signature in ran:
                    continue
                ran.add(signature)
                result.task.call(*result.args, **result.kwargs)
            _index_in_bulk(to_index)
    finally:
        task_backends[alias] = original


def _index_in_bulk(pks_by_model):
    """What ``insert_or_update_object_task`` does for each object, done per model in one go
    (one write to the index per model instead of one per object)."""
    by_model = defaultdict(list)
    for (app_label, model_name), pks in pks_by_model.items():
        for instance in apps.get_model(app_label, model_name).objects.filter(pk__in=pks):
            indexed = get_indexed_instance(instance)
            if indexed is not None:
                by_model[type(indexed)].append(indexed)
    for backend in get_search_backends(with_auto_update=True):
        for model, instances in by_model.items():
            backend.add_bulk(model, instances)
