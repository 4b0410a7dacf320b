"""Editorial roles and review workflow: writers write and submit, editors publish.

The group names are defined once, in ``community.accounts.roles``.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from community.accounts.roles import EDITORS_GROUP, WRITERS_GROUP

WORKFLOW_NAME = "Relecture"
REVIEW_TASK_NAME = "Relecture par un éditeur"

PAGE_PERMISSIONS = {
    WRITERS_GROUP: ("add_page", "change_page"),
    EDITORS_GROUP: ("add_page", "change_page", "publish_page"),
}
# Everything else either group needs in the admin: sign in, images, documents, reference lists.
MODEL_PERMISSIONS = {
    WRITERS_GROUP: (
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ),
    EDITORS_GROUP: (
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
        *[
            ("taxonomies", f"{action}_{model}")
            for model in ("audience", "region", "operator", "theme", "scheme")
            for action in ("add", "change")
        ],
    ),
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_editorial_workflow(section_pages):
    """Create the two groups, their permissions on ``section_pages`` and the review workflow.

    ``section_pages`` are the roots the editorial team works under (catalogue, structures, news).
    Idempotent: a second run creates nothing.
    """
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    for name, group in groups.items():
        group.permissions.add(*[_permission(app, code) for app, code in MODEL_PERMISSIONS[name]])
        for codename in PAGE_PERMISSIONS[name]:
            permission = _permission("wagtailcore", codename)
            for page in section_pages:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )

    task, _created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK_NAME)
    task.groups.add(groups[EDITORS_GROUP])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    # workflow.workflow_tasks is a modelcluster relation: write the link row directly.
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in section_pages:
        WorkflowPage.objects.update_or_create(
            page=Page.objects.get(pk=page.pk), defaults={"workflow": workflow}
        )
    return workflow
