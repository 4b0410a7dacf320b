"""A task for the two-server check: it leaves one row per run, so a task run twice shows."""

from django.contrib.admin.models import ADDITION, LogEntry
from django_tasks import task

MARK = "two-servers task run"


@task()
def record_run(token, user_id):
    LogEntry.objects.create(
        user_id=user_id, object_repr=token, action_flag=ADDITION, change_message=MARK
    )
