"""What this instance lets other instances export through wagtail-transfer.

An object is exportable when its model is on the allow-list (``WAGTAILTRANSFER_EXPORTABLE_MODELS``),
is not a sensitive model (accounts, permissions, sessions, revisions, the forum…) whatever the
allow-list says, and, unless ``WAGTAILTRANSFER_EXPORT_UNPUBLISHED`` is set, is published content
that any visitor may already read: a live page, already online and not expired, outside any private
section; a document, image or collection outside any restricted collection.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction, Page
from wagtail_transfer.models import get_base_model

from cms.listing import visible_pages

from .sensitive import SENSITIVE_APP_LABELS, SENSITIVE_WAGTAIL_MODELS


def sensitive_model_labels():
    """Labels of every installed model that must never leave this instance."""
    labels = {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in SENSITIVE_APP_LABELS
    }
    labels.add(settings.AUTH_USER_MODEL.lower())
    labels.update(SENSITIVE_WAGTAIL_MODELS)
    return labels


def exports_unpublished():
    """True only when the instances importing from this one are trusted with drafts."""
    return getattr(settings, "WAGTAILTRANSFER_EXPORT_UNPUBLISHED", False)


def _labels(model):
    return {model._meta.label_lower, get_base_model(model)._meta.label_lower}


def is_exportable_model(model):
    allowed = {
        label.lower() for label in getattr(settings, "WAGTAILTRANSFER_EXPORTABLE_MODELS", ())
    }
    labels = _labels(model)
    return bool(labels & allowed) and not labels & sensitive_model_labels()


def model_for_label(label):
    """The model named by an ``app_label.model_name`` string, or None."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def public_pages(queryset):
    """Pages any visitor may read now: live, already online, unexpired, outside private sections."""
    now = timezone.now()
    return (
        visible_pages(queryset)
        .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
        .exclude(expire_at__lte=now)
    )


def exportable_pages(queryset):
    return queryset if exports_unpublished() else public_pages(queryset)


def restricted_collection_paths():
    return list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def _in_restricted_collection(collection, restricted_paths):
    return any(collection.path.startswith(path) for path in restricted_paths)


def exportable_objects(instances):
    """The instances another instance may receive, in their original order."""
    instances = [instance for instance in instances if is_exportable_model(type(instance))]
    if exports_unpublished():
        return instances
    page_ids = [instance.pk for instance in instances if isinstance(instance, Page)]
    public_page_ids = (
        set(public_pages(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True))
        if page_ids
        else set()
    )
    restricted_paths = None
    exportable = []
    for instance in instances:
        if isinstance(instance, Page):
            if instance.pk not in public_page_ids:
                continue
        elif isinstance(instance, Collection) or isinstance(
            getattr(instance, "collection", None), Collection
        ):
            if restricted_paths is None:
                restricted_paths = restricted_collection_paths()
            collection = instance if isinstance(instance, Collection) else instance.collection
            if _in_restricted_collection(collection, restricted_paths):
                continue
        exportable.append(instance)
    return exportable
