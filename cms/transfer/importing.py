"""The importing side of wagtail-transfer, with the project's rules.

wagtail-transfer 0.11's admin views import whatever the source sends, wherever the editor drops it,
and leave every imported page as a draft without a first publication date. These views take over
its admin URLs (same paths and names, registered first) and add:

- members without the import permission get Wagtail's refusal (back to the dashboard with a
  message), where its own views sent them round the sign-in page;
- the page-type rules: a page is only imported under a parent its type allows, and only where the
  editor may add pages, else a French message and nothing is written;
- publication: a page live at the source is live here, with the source's publication dates
  (carried by ``serializers.PublishedPageSerializer``), instead of "Published + draft";
- pages the destination already holds at the same address (the sections ``setup_site`` builds
  on every instance) are updated in place instead of failing on their slug;
- a page imported before, for which the widget sends no destination, is updated in place under
  its current parent;
- files or nothing: an image or document whose file cannot be fetched stops the import, and the
  transaction leaves nothing written (``refuse_unfetched_files``);
- the screen: the widget in French (``widget.py``), or how to configure a source when none is;
- requests to the source carry a signed time (``timestamps.py``), checked by a ComCep source, a
  timeout, and a French message when the source refuses or cannot be reached;
- French messages.
"""

import json
import uuid
from collections import defaultdict

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import get_text_list
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from treebeard.mp_tree import MP_Node
from wagtail.admin import messages as admin_messages
from wagtail.admin.auth import permission_denied
from wagtail.models import Page
from wagtail_transfer.auth import digest_for_source
from wagtail_transfer.locators import get_locator_for_model
from wagtail_transfer.models import IDMapping, get_model_for_path
from wagtail_transfer.operations import ImportPlanner as TransferImportPlanner
from wagtail_transfer.operations import UpdateModel

from cms.performance.invalidation import update

from .serializers import stored_files, unfetched_files
from .timestamps import SignedTimeAuth
from .widget import BUNDLE, widget_script

IMPORT_PERMISSION = "wagtail_transfer.wagtailtransfer_can_import"
SOURCE_TIMEOUT_SECONDS = 30


class UpdateTreeModel(UpdateModel):
    """An update of a page (or collection) that keeps its place in the tree as it is now.

    wagtail-transfer reads the object when it plans the import and saves it when the update runs:
    if pages were created under it in between, the stale child count it saves back makes the next
    child collide with the first one ("path already exists").
    """

    def _save(self, context):
        model = type(self.instance)
        tree = model.objects.filter(pk=self.instance.pk).values("path", "depth", "numchild").get()
        for name, value in tree.items():
            setattr(self.instance, name, value)
        super()._save(context)


class ImportPlanner(TransferImportPlanner):
    def run(self):
        for operation in self.operations:
            if type(operation) is UpdateModel and isinstance(operation.instance, MP_Node):
                operation.__class__ = UpdateTreeModel
        super().run()


class ImportRefused(Exception):
    """An import that must not run; its message is shown to the editor."""


def may_import(user):
    return user.is_active and user.has_perm(IMPORT_PERMISSION)


def require_import_permission(view_func):
    def view(request, *args, **kwargs):
        if not may_import(request.user):
            # Wagtail's own answer: back to the dashboard with a French message (no sign-in loop).
            return permission_denied(request)
        return view_func(request, *args, **kwargs)

    view.__name__ = view_func.__name__
    view.__doc__ = view_func.__doc__
    return view


def widget_version():
    """Changes with the installed bundle, so that browsers fetch the new translation."""
    return BUNDLE.stat().st_mtime_ns


def sources_for_widget():
    return [
        {
            "value": name,
            "label": name,
            "page_chooser_api": reverse(
                "wagtail_transfer_admin:chooser_api_proxy", args=[name, ""]
            ),
        }
        for name in getattr(settings, "WAGTAILTRANSFER_SOURCES", {})
    ]


@require_import_permission
def choose(request):
    """The import screen: wagtail-transfer's widget, in French (``widget.py``); when no source is
    configured, how to configure one."""
    sources = sources_for_widget()
    if not sources:
        return render(request, "transfer/not_configured.html")
    return render(
        request,
        "transfer/choose_page.html",
        {"sources_data": json.dumps(sources), "widget_version": widget_version()},
    )


@require_import_permission
def widget_view(request):
    """The translated bundle (``widget.py``), for the import screen
    (``transfer/choose_page.html``)."""
    response = HttpResponse(widget_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400"
    response["Content-Language"] = get_language()
    return response


def source_base_url(source):
    try:
        return settings.WAGTAILTRANSFER_SOURCES[source]["BASE_URL"]
    except KeyError:
        raise Http404 from None


@require_import_permission
def chooser_api_proxy(request, source_name, path):
    """The import screen's chooser browses the source's tree through this instance (as
    wagtail-transfer's proxy does, with the request's time signed)."""
    endpoint = "models" if "models" in request.GET else "pages"
    base_url = f"{source_base_url(source_name)}api/chooser/{endpoint}/"
    message = request.GET.urlencode()
    digest = digest_for_source(source_name, message)
    try:
        response = requests.get(
            f"{base_url}{path}?{message}&digest={digest}",
            auth=SignedTimeAuth(source_name),
            headers={"Accept": request.headers.get("accept", "application/json")},
            timeout=getattr(settings, "WAGTAILTRANSFER_CHOOSER_API_PROXY_TIMEOUT", 5),
        )
    except requests.RequestException:
        return HttpResponse(status=502)
    return HttpResponse(response.content, status=response.status_code)


def refused_by_source(source, status):
    return ImportRefused(
        _(
            "The source “%(source)s” answered with error %(status)s: check its address and "
            "its key, that both servers’ clocks are right, and that the chosen content is "
            "published there."
        )
        % {"source": source, "status": status}
    )


def unreachable(source):
    return ImportRefused(
        _("The source “%(source)s” cannot be reached: check its address.") % {"source": source}
    )


def fetch_from_source(source, path, message):
    try:
        response = requests.get(
            f"{source_base_url(source)}{path}",
            auth=SignedTimeAuth(source),
            params={"digest": digest_for_source(source, message)},
            timeout=SOURCE_TIMEOUT_SECONDS,
        )
    except requests.RequestException as error:
        raise unreachable(source) from error
    if response.status_code != 200:
        raise refused_by_source(source, response.status_code)
    return response.content


def import_missing_object_data(source, importer):
    """Ask the source for the objects the import refers to and does not have yet, until none is
    missing, then run the import (wagtail-transfer's loop, with signed requests)."""
    while importer.missing_object_data:
        missing = defaultdict(list)
        for model_class, source_id in importer.missing_object_data:
            missing[model_class._meta.label_lower].append(source_id)
        body = json.dumps(missing)
        try:
            response = requests.post(
                f"{source_base_url(source)}api/objects/",
                params={"digest": digest_for_source(source, body)},
                auth=SignedTimeAuth(source),
                data=body,
                timeout=SOURCE_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            raise unreachable(source) from error
        if response.status_code != 200:
            raise refused_by_source(source, response.status_code)
        importer.add_json(response.content)
    importer.run()
    return importer


def refuse_unfetched_files(source, importer):
    """Files or nothing: an image or document whose file could not be fetched stops the import
    (the caller's transaction is rolled back; the files already stored are removed)."""
    missing = unfetched_files(importer.context)
    if not missing:
        return
    for name in stored_files(importer.context):
        default_storage.delete(name)
    names = sorted({file.name for file in missing})
    shown = ", ".join(names[:10])
    if len(names) > 10:
        shown = ngettext(
            "%(names)s and %(count)d other file",
            "%(names)s and %(count)d other files",
            len(names) - 10,
        ) % {"names": shown, "count": len(names) - 10}
    raise ImportRefused(
        ngettext(
            "Nothing was imported: %(count)d file could not be fetched from the source "
            "“%(source)s” (address tried: %(url)s, %(reason)s): %(names)s. Check that the source "
            "serves its images and documents at its public address (WAGTAILADMIN_BASE_URL).",
            "Nothing was imported: %(count)d files could not be fetched from the source "
            "“%(source)s” (address tried: %(url)s, %(reason)s): %(names)s. Check that the source "
            "serves its images and documents at its public address (WAGTAILADMIN_BASE_URL).",
            len(names),
        )
        % {
            "count": len(names),
            "source": source,
            "url": missing[0].url,
            "reason": missing[0].reason,
            "names": shown,
        }
    )


def check_destination(user, page_model, parent):
    """Refuse a page type its parent does not allow, or a parent the editor may not add under."""
    if not page_model.can_exist_under(parent):
        allowed = [
            str(model._meta.verbose_name)
            for model in page_model.allowed_parent_page_models()
            if model is not Page
        ]
        raise ImportRefused(
            _(
                "A page of type “%(type)s” cannot be placed under “%(parent)s”. Choose a parent "
                "page of type: %(allowed)s."
            )
            % {
                "type": page_model._meta.verbose_name,
                "parent": parent.get_admin_display_title(),
                "allowed": get_text_list(allowed, _("or")) or "—",
            }
        )
    if not parent.permissions_for_user(user).can_add_subpage():
        raise ImportRefused(
            _("You may not add pages under “%(parent)s”.")
            % {"parent": parent.get_admin_display_title()}
        )


def adopt_pages_at_the_same_address(data, root_source_id, parent):
    """Pages the destination already holds at the same address are the imported pages.

    Both instances build their sections with ``setup_site`` (/offres/, /videos/…), each with its own
    identity: without this, importing the source's /offres/ under the home page would create a
    second page with the slug "offres" and fail. Walking down from the imported root, a page not yet
    known here whose parent is known and has a child of the same slug and type takes the source's
    identity, so the import updates it in place. The same slug with another type is refused.
    """
    locator = get_locator_for_model(Page)
    uids = {
        source_id: uid
        for label, source_id, uid in data["mappings"]
        if issubclass(get_model_for_path(label), Page)
    }
    pages = {
        obj["pk"]: obj
        for obj in data["objects"]
        if issubclass(get_model_for_path(obj["model"]), Page)
    }
    children = {}
    for obj in pages.values():
        children.setdefault(obj.get("parent_id"), []).append(obj)

    page_type = ContentType.objects.get_for_model(Page)
    known_ids = dict(
        IDMapping.objects.filter(content_type=page_type, uid__in=uids.values()).values_list(
            "uid", "local_id"
        )
    )
    known_pages = Page.objects.in_bulk([int(pk) for pk in known_ids.values()])
    children_here = {}

    def child_here(destination_parent, slug):
        if destination_parent.pk not in children_here:
            children_here[destination_parent.pk] = {
                page.slug: page for page in destination_parent.get_children().specific()
            }
        return children_here[destination_parent.pk].get(slug)

    adopted = {}
    pending = [(pages[root_source_id], parent)]
    while pending:
        obj, destination_parent = pending.pop()
        uid = uids.get(obj["pk"])
        if uid is None:
            continue
        local_id = known_ids.get(uuid.UUID(str(uid)))
        existing = known_pages.get(int(local_id)) if local_id is not None else None
        if existing is None and destination_parent is not None:
            existing = child_here(destination_parent, obj["fields"]["slug"])
            if existing is not None:
                if type(existing) is not get_model_for_path(obj["model"]):
                    raise ImportRefused(
                        _(
                            "A page of another type already has the address “%(slug)s” under "
                            "“%(parent)s”: rename or move it before importing."
                        )
                        % {
                            "slug": obj["fields"]["slug"],
                            "parent": destination_parent.get_admin_display_title(),
                        }
                    )
                adopted[uid] = existing
        for child in children.get(obj["pk"], ()):
            pending.append((child, existing))
    IDMapping.objects.filter(
        content_type=page_type, local_id__in=[str(page.pk) for page in adopted.values()]
    ).delete()
    for uid, page in adopted.items():
        locator.attach_uid(page, uid)
    return len(adopted)


def publish_imported_pages(importer):
    """Pages live at the source are live here: their imported state is the published one."""
    page_ids = [
        importer.context.destination_ids_by_source[key]
        for key in importer.base_import_ids
        if key[0] is Page and key in importer.context.destination_ids_by_source
    ]
    update(
        Page.objects.filter(pk__in=page_ids, live=True),
        live_revision=F("latest_revision"),
        has_unpublished_changes=False,
    )
    return len(page_ids)


def imported_page_here(data, source_page_id):
    """The page this site already holds for the source's page, if it was imported before."""
    uid = next(
        (
            uid
            for label, source_id, uid in data["mappings"]
            if source_id == source_page_id and issubclass(get_model_for_path(label), Page)
        ),
        None,
    )
    return get_locator_for_model(Page).find(uid) if uid else None


def page_id(value):
    """A page id from the form; the widget sends an empty value (or "null") for none."""
    if value in (None, "", "null", "undefined"):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def import_page(request):
    source = request.POST["source"]
    source_page_id = page_id(request.POST.get("source_page_id"))
    if source_page_id is None:
        raise ImportRefused(_("Choose the page to import from the source."))
    dest_page_id = page_id(request.POST.get("dest_page_id"))
    payload = fetch_from_source(source, f"api/pages/{source_page_id}/", str(source_page_id))

    data = json.loads(payload)
    root = next(
        (
            obj
            for obj in data["objects"]
            if obj["pk"] == source_page_id and issubclass(get_model_for_path(obj["model"]), Page)
        ),
        None,
    )
    if root is None:
        raise ImportRefused(_("The source did not send the chosen page."))
    if dest_page_id:
        parent = get_object_or_404(Page, pk=dest_page_id)
    else:
        # What the widget sends for a page already imported here: no destination. The page is
        # updated in place, under its current parent.
        here = imported_page_here(data, source_page_id)
        if here is None:
            raise ImportRefused(
                _("Choose the page under which to place the imported pages on this site.")
            )
        parent = here.get_parent()
    check_destination(request.user, get_model_for_path(root["model"]), parent.specific)

    with transaction.atomic():
        adopt_pages_at_the_same_address(data, source_page_id, parent)
        importer = ImportPlanner.for_page(
            source=source_page_id, destination=dest_page_id, source_site=source
        )
        importer.add_json(payload)
        importer = import_missing_object_data(source, importer)
        refuse_unfetched_files(source, importer)
        count = publish_imported_pages(importer)
    admin_messages.success(
        request,
        ngettext(
            "%(count)d page imported from “%(source)s”.",
            "%(count)d pages imported from “%(source)s”.",
            count,
        )
        % {"count": count, "source": source},
    )
    # Back to the import screen, which says what was done: the next import starts there.
    return redirect("wagtail_transfer_admin:choose_page")


def import_snippets(request):
    source = request.POST["source"]
    model_label = request.POST["source_model"]
    path = f"api/models/{model_label}/"
    if object_id := request.POST.get("source_model_object_id"):
        path = f"{path}{int(object_id)}/"
    payload = fetch_from_source(source, path, model_label)
    with transaction.atomic():
        importer = ImportPlanner.for_model(model=model_label, source_site=source)
        importer.add_json(payload)
        import_missing_object_data(source, importer)
        refuse_unfetched_files(source, importer)
    app_label, model_name = model_label.split(".")
    admin_messages.success(
        request,
        _("Import from “%(source)s” done.") % {"source": source},
    )
    return redirect("wagtail_transfer_admin:choose_page")


@require_POST
@require_import_permission
def do_import(request):
    try:
        if request.POST.get("type", "page") == "model":
            return import_snippets(request)
        return import_page(request)
    except ImportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("wagtail_transfer_admin:choose_page")
