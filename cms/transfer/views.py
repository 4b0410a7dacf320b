"""wagtail-transfer's export API, serving only what policy.py lets out.

Same URLs, parameters, digests and JSON as wagtail-transfer 0.11's views; what differs is who is
answered and what they are served. A request must also carry a recent time signed with the key
(timestamps.py), which ComCep's importer adds: a plain wagtail-transfer importer is refused. A
model off the allow-list answers 404; an object that is not exportable (a draft, a private page, a
member…) is left out of the response, as if it did not exist at the source: the importer then
skips it instead of failing.
"""

import json
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.models import Page
from wagtail_transfer.auth import check_digest
from wagtail_transfer.locators import get_locator_for_model
from wagtail_transfer.serializers import serializer_registry
from wagtail_transfer.vendor.wagtail_api_v2.views import ModelsAPIViewSet
from wagtail_transfer.views import PageChooserAPIViewSet

from .keys import key_strength_problem
from .policy import exportable_objects, exportable_pages, is_exportable_model, model_for_label
from .timestamps import check_request_time


def refuse_weak_key():
    """No export at all while this instance's key is empty, short or predictable: anyone could
    sign requests."""
    if key_strength_problem(settings.WAGTAILTRANSFER_SECRET_KEY or ""):
        raise PermissionDenied


def check_signed_request(request, message, digest):
    """wagtail-transfer's HMAC check of a request and its signed time, behind refuse_weak_key()."""
    refuse_weak_key()
    if not digest.isascii():
        raise PermissionDenied  # hmac.compare_digest raises TypeError on other text
    check_digest(message, digest)
    check_request_time(request, digest)


def export_response(ids_for_import, instances):
    """The JSON wagtail-transfer's importer reads: the objects and the objects they bring along
    (a page's inline children), then an id→uid mapping for every object they refer to."""
    objects = []
    references = set()
    pending = list(exportable_objects(instances))
    seen = set()
    while pending:
        instance = pending.pop()
        key = (type(instance), instance.pk)
        if key in seen:
            continue
        seen.add(key)
        serializer = serializer_registry.get_model_serializer(type(instance))
        objects.append(serializer.serialize(instance))
        references.update(serializer.get_object_references(instance))
        pending.extend(exportable_objects(serializer.get_objects_to_serialize(instance)))
    mappings = [
        [model._meta.label_lower, pk, get_locator_for_model(model).get_uid_for_local_id(pk)]
        for model, pk in references
    ]
    return JsonResponse(
        {"ids_for_import": ids_for_import, "mappings": mappings, "objects": objects},
        json_dumps_params={"indent": 2},
    )


@require_GET
def pages_for_export(request, root_page_id):
    check_signed_request(request, str(root_page_id), request.GET.get("digest", ""))
    root = exportable_pages(Page.objects.filter(pk=root_page_id)).specific().first()
    if root is None or not exportable_objects([root]):
        raise Http404
    if request.GET.get("recursive", "true") == "false":
        pages = [root]
    else:
        descendants = exportable_pages(root.get_descendants(inclusive=True)).specific()
        pages = exportable_objects(descendants)
    return export_response([["wagtailcore.page", page.pk] for page in pages], pages)


@require_GET
def models_for_export(request, model_path, object_id=None):
    check_signed_request(request, str(model_path), request.GET.get("digest", ""))
    model = model_for_label(model_path)
    if model is None or not is_exportable_model(model):
        raise Http404
    instances = model.objects.all()
    if issubclass(model, Page):
        instances = exportable_pages(instances).specific()
    if object_id is not None:
        instances = instances.filter(pk=object_id)
    instances = exportable_objects(instances)
    if object_id is not None and not instances:
        raise Http404
    return export_response([[model_path, instance.pk] for instance in instances], instances)


@csrf_exempt
@require_POST
def objects_for_export(request):
    """The objects an importer found referenced and still misses, as {"label": [ids]}.

    Labels off the allow-list and objects that are not exportable are left out.
    """
    check_signed_request(request, request.body, request.GET.get("digest", ""))
    try:
        requested = json.loads(request.body.decode())
    except (UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest()
    if not isinstance(requested, dict):
        return HttpResponseBadRequest()
    instances = []
    for label, ids in requested.items():
        model = model_for_label(label)
        if model is None or not is_exportable_model(model) or not isinstance(ids, list):
            continue
        serializer = serializer_registry.get_model_serializer(model)
        try:
            instances.extend(serializer.get_objects_by_ids(ids))
        except (TypeError, ValueError, ValidationError):
            return HttpResponseBadRequest()
    return export_response([], instances)


class ExportablePageChooserAPIViewSet(PageChooserAPIViewSet):
    """The source tree an importing editor browses: the exportable pages only."""

    def get_base_queryset(self):
        return exportable_pages(super().get_base_queryset())


class ExportableModelsAPIViewSet(ModelsAPIViewSet):
    """The snippet models an importing editor may choose from: the allow-listed ones only."""

    def _get_model_list(self, request):
        return [
            item
            for item in super()._get_model_list(request)
            if (model := model_for_label(item["model_label"])) and is_exportable_model(model)
        ]

    def detail_view(self, request, model_path):
        model = model_for_label(model_path)
        if model is None or not is_exportable_model(model):
            raise Http404
        return super().detail_view(request, model_path)


def check_page_existence_for_uid(request):
    """200 when a page was imported under this UID, 404 when not, 400 for a malformed UID."""
    try:
        uid = uuid.UUID(request.GET.get("uid", ""))
    except ValueError:
        return HttpResponseBadRequest()
    try:
        page = get_locator_for_model(Page).find(uid)
    except IntegrityError:
        # The UID names an object that is not a page.
        page = None
    return HttpResponse("", status=200 if page is not None else 404)
