"""Editorial roles and review workflow: "Rédacteurs" write and submit, "Éditeurs" publish.

Wagtail's migrations create English defaults: groups "Moderators" and "Editors", a "Moderators
approval" workflow on the root page and a root collection named "Root". ``retire_wagtail_defaults``
replaces them with the French roles below; ``ensure_editorial_workflow`` grants those roles what the
English groups had (admin access, pages, images and documents).

The two group names are defined here, on the portal's floor; the forum gives these groups their
forum role (``community.accounts.roles``).
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

WRITERS_GROUP = "Rédacteurs"
EDITORS_GROUP = "Éditeurs"
WORKFLOW_NAME = "Relecture"
REVIEW_TASK_NAME = "Relecture par un éditeur"
ROOT_COLLECTION_NAME = "Racine"

PAGE_PERMISSIONS = {
    WRITERS_GROUP: ("add_page", "change_page"),
    EDITORS_GROUP: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
# Images and documents: Wagtail checks these per collection (GroupCollectionPermission), never
# through the group's model permissions. Writers add and choose; editors also change anyone's.
COLLECTION_PERMISSIONS = {
    WRITERS_GROUP: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ),
    EDITORS_GROUP: (
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ),
}
# Everything else either group needs in the admin: sign in, reference lists.
MODEL_PERMISSIONS = {
    WRITERS_GROUP: (("wagtailadmin", "access_admin"),),
    EDITORS_GROUP: (
        ("wagtailadmin", "access_admin"),
        *[
            ("taxonomies", f"{action}_{model}")
            for model in ("audience", "region", "operator", "theme", "scheme")
            for action in ("add", "change")
        ],
        # Promoted results of the site search, and its "Recherches sans résultat" report.
        *[
            ("wagtailsearchpromotions", f"{action}_searchpromotion")
            for action in ("add", "change", "delete")
        ],
        # The site search's synonyms and acronyms.
        *[
            ("site_search", f"{action}_searchsynonym")
            for action in ("add", "change", "delete", "view")
        ],
        # Import pages and reference lists from another instance (wagtail-transfer).
        ("wagtail_transfer", "wagtailtransfer_can_import"),
    ),
}

# What Wagtail's migrations create, and the French role that takes over each English group.
WAGTAIL_DEFAULT_GROUPS = {"Moderators": EDITORS_GROUP, "Editors": WRITERS_GROUP}
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_TASK = "Moderators approval"
RETIRED_WORKFLOW_NAME = "Ancienne validation Wagtail (désactivée)"


def _permission(app_label, codename):
    if (app_label, codename) == ("wagtail_transfer", "wagtailtransfer_can_import"):
        # Created by a wagtail-transfer migration, not by a model's Meta: a database flushed
        # after migrating (a fresh test database, say) may lack it.
        content_type = ContentType.objects.get_by_natural_key("wagtail_transfer", "idmapping")
        return Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": "Can import pages and snippets from other sites"},
        )[0]
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_root_collection():
    """The root collection, with a French name; return (collection, changed)."""
    collection = Collection.get_first_root_node()
    if collection is None:
        return Collection.add_root(name=ROOT_COLLECTION_NAME), 1
    if collection.name == ROOT_COLLECTION_NAME:
        return collection, 0
    collection.name = ROOT_COLLECTION_NAME
    collection.save(update_fields=["name"])
    return collection, 1


@transaction.atomic
def ensure_editorial_workflow(pages):
    """Create the two groups, their permissions and the review workflow on ``pages``.

    ``pages`` are the roots the editorial team works under (in production, the home page: the
    whole site). Return how many rows were created; a second run creates nothing.
    """
    created = 0
    groups = {}
    for name in PAGE_PERMISSIONS:
        groups[name], was_created = Group.objects.get_or_create(name=name)
        created += was_created
    collection, _changed = ensure_root_collection()
    for name, group in groups.items():
        wanted = [_permission(app, code) for app, code in MODEL_PERMISSIONS[name]]
        missing = set(wanted) - set(group.permissions.all())
        group.permissions.add(*missing)
        created += len(missing)
        for codename in PAGE_PERMISSIONS[name]:
            permission = _permission("wagtailcore", codename)
            for page in pages:
                created += GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )[1]
        for app, codename in COLLECTION_PERMISSIONS[name]:
            created += GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=_permission(app, codename)
            )[1]

    task, was_created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK_NAME)
    created += was_created
    if not task.groups.filter(pk=groups[EDITORS_GROUP].pk).exists():
        task.groups.add(groups[EDITORS_GROUP])
        created += 1
    workflow, was_created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    created += was_created
    # workflow.workflow_tasks is a modelcluster relation: write the link row directly.
    created += WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )[1]
    for page in pages:
        link = WorkflowPage.objects.filter(page_id=page.pk).first()
        if link is None:
            WorkflowPage.objects.create(page=Page.objects.get(pk=page.pk), workflow=workflow)
            created += 1
        elif link.workflow_id != workflow.pk:
            link.workflow = workflow
            link.save(update_fields=["workflow"])
            created += 1
    return created


@transaction.atomic
def retire_wagtail_defaults():
    """Remove Wagtail's English groups and default workflow; return how many objects went.

    Members of an English group join the French role that replaces it. The default workflow and
    its task are deleted, or, when pages already went through them (their history points to them),
    renamed in French and deactivated. Run ``ensure_editorial_workflow`` first.
    """
    removed = 0
    for english_name, french_name in WAGTAIL_DEFAULT_GROUPS.items():
        group = Group.objects.filter(name=english_name).first()
        if group is None:
            continue
        french_group, _created = Group.objects.get_or_create(name=french_name)
        french_group.user_set.add(*group.user_set.all())
        group.delete()
        removed += 1

    workflow = Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if workflow is not None:
        workflow.workflow_pages.all().delete()
        workflow.workflow_content_types.all().delete()
        if workflow.workflow_states.exists():
            workflow.deactivate()
            workflow.name = RETIRED_WORKFLOW_NAME
            workflow.save(update_fields=["name"])
        else:
            workflow.delete()
        removed += 1

    task = Task.objects.filter(name=WAGTAIL_DEFAULT_TASK).first()
    if task is not None:
        if task.task_states.exists() or task.workflow_tasks.exists():
            task.deactivate()
            task.name = RETIRED_WORKFLOW_NAME
            task.save(update_fields=["name"])
        else:
            task.delete()
        removed += 1
    return removed
