"""Background work in its place: loading the demo leaves the worker's queue empty, a member's
notifications pass before indexing, and `make run`'s two processes share one cache."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from modelsearch.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task

from cms.operations.tasks import MEMBER_WAITING, tasks_run_at_the_end
from community.moderation import alerts, refusals
from community.notifications import sending as notification_sending
from community.notifications import tasks as notification_tasks

DATABASE_BACKEND = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
}

calls = []


@task()
def remember(value):
    calls.append(value)
    if value == "first":
        remember.enqueue("enqueued by a task")


def test_tasks_run_at_the_end_run_each_distinct_task_once_after_the_block(db):
    calls.clear()
    with tasks_run_at_the_end():
        for value in ("first", "second", "first", "second"):
            remember.enqueue(value)
        assert calls == []  # nothing runs inside the block
    assert calls == ["first", "second", "enqueued by a task"]


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_leaves_at_most_ten_tasks_waiting(settings, portal):
    settings.TASKS = DATABASE_BACKEND
    call_command("load_demo", "--force", stdout=io.StringIO())
    waiting = DBTaskResult.objects.ready().count()
    assert waiting <= 10, waiting
    # The index was built during the load: the demo's posts are found.
    from machina.core.db.models import get_model
    from wagtail.search.backends import get_search_backend

    Post = get_model("forum_conversation", "Post")
    assert Post.objects.filter(approved=True).count() > 50
    found = get_search_backend().search("VAE", Post.get_indexed_objects())
    assert len(found) > 0


def test_a_member_s_notifications_pass_before_indexing(settings, db):
    settings.TASKS = DATABASE_BACKEND
    member_tasks = (
        notification_tasks.fan_out_post,
        notification_sending.send_notification_emails,
        alerts.notify_new_report,
        alerts.notify_post_held,
        alerts.notify_member_waiting,
        refusals.notify_post_refused,
    )
    assert all(t.priority == MEMBER_WAITING > 0 for t in member_tasks)
    for _ in range(20):
        insert_or_update_object_task.enqueue("wagtailcore", "page", "1")
        update_reference_index_task.enqueue("wagtailcore", "page", "1")
    notification_tasks.fan_out_post.enqueue(123)
    # The database worker takes the ready tasks in this order.
    first = DBTaskResult.objects.ready().first()
    assert first.task_path.endswith("fan_out_post")


def run_with_dev_settings(code, **env):
    # As under `make run`: the development settings, SQLite, no Redis.
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "REDIS_URL": "",
        "DATABASE_URL": "sqlite://:memory:",
        **env,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_make_run_s_server_and_worker_share_the_cache_without_redis(tmp_path):
    cache_dir = str(tmp_path / "cache")
    backend = run_with_dev_settings(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        CACHE_DIR=cache_dir,
    )
    assert backend == "django.core.cache.backends.filebased.FileBasedCache"
    read = (
        "from django.core.cache import cache; "
        "from community.notifications.services import UNREAD_VERSION_KEY as K; "
        "from cms.performance.invalidation import read_version; print(read_version(K, cache))"
    )
    before = run_with_dev_settings(read, CACHE_DIR=cache_dir)
    # The worker writes a notification: the unread counts' version moves for the server too.
    run_with_dev_settings(
        "from community.notifications.services import notifications_changed; "
        "notifications_changed()",
        CACHE_DIR=cache_dir,
    )
    after = run_with_dev_settings(read, CACHE_DIR=cache_dir)
    assert int(after) > int(before)


def test_with_redis_the_development_cache_is_redis():
    backend = run_with_dev_settings(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/9",
    )
    assert backend == "cms.performance.redis_cache.RedisCache"
