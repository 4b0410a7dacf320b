"""`manage.py db_worker` outlives a database restart: the notifications keep coming.

The worker runs here in the test's thread, on the test database, with the database backend of
django-tasks; PostgreSQL really closes its connection (``pg_terminate_backend``, what a restart
does to every session), and the worker must reconnect and run the next task by itself.
"""

import pytest
from django.core.management import get_commands
from django.db import connection
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from machina.core.db.models import get_model

from cms.operations.worker import ReconnectingWorker
from community.notifications.models import Follow, Notification

Post = get_model("forum_conversation", "Post")


def on_postgresql(test):
    """A database server that closes connections: PostgreSQL (the suite runs on it in CI)."""
    test = pytest.mark.django_db(transaction=True)(test)
    test = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")(test)
    return pytest.mark.postgres(test)


@task(priority=10)
def lose_the_connection():
    """A task during which the database goes away (the server ends this very session)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


@pytest.fixture
def database_queue(settings):
    """Tasks stored in the database, as under `make run` and in production."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    yield
    connection.close()  # left broken if the worker failed: the database's flush reconnects


@pytest.fixture
def persistent_connection(monkeypatch):
    """A connection kept between tasks, as with CONN_MAX_AGE in production."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    connection.close()
    yield
    connection.close()  # the next test connects with the usual settings


@pytest.fixture
def followed_reply(database_queue, counsellor, make_member, make_topic):
    """julien follows a topic and sophie replies: a notification waits in the queue."""
    julien = make_member("julien", "Julien P. (Apec)")
    topic = make_topic(counsellor)
    Follow.objects.create(user=julien, topic=topic)
    reply = Post.objects.create(topic=topic, poster=counsellor, content="Voici ma réponse.")
    assert not Notification.objects.filter(recipient=julien).exists()  # not run yet
    return julien, reply


def worker():
    return ReconnectingWorker(
        queue_names=["default"],
        interval=0,
        batch=True,  # runs what is queued, then returns
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        first_delay=0,
    )


def terminate_from_another_session(pid):
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        other.autocommit = True
        ended = other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]
    finally:
        other.close()
    assert ended


def assert_delivered(julien, reply):
    notification = Notification.objects.get(recipient=julien)
    assert (notification.kind, notification.post_id) == (Notification.Kind.REPLY, reply.pk)
    fan_out = DBTaskResult.objects.get(
        task_path__endswith="fan_out_post", args_kwargs__args=[reply.pk]
    )
    assert fan_out.status == TaskResultStatus.SUCCESSFUL
    assert not DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).exists()


def test_db_worker_is_the_reconnecting_worker():
    assert get_commands()["db_worker"] == "cms.operations"


@on_postgresql
def test_worker_reconnects_when_the_server_closes_its_connection(
    persistent_connection, followed_reply
):
    julien, reply = followed_reply
    connection.ensure_connection()
    terminate_from_another_session(connection.connection.info.backend_pid)

    running = worker()
    running.run()

    assert running.reconnections == 1
    assert_delivered(julien, reply)


@on_postgresql
def test_task_cut_off_by_the_server_is_failed_and_the_next_task_runs(followed_reply):
    julien, reply = followed_reply
    lost = lose_the_connection.enqueue()

    running = worker()
    running.run()

    assert running.reconnections == 1
    lost_row = DBTaskResult.objects.get(pk=lost.id)
    assert lost_row.status == TaskResultStatus.FAILED  # not left "running" for ever
    assert lost_row.exception_class_path == "django.db.utils.OperationalError"
    assert_delivered(julien, reply)
