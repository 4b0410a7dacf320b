from django.db.models import FileField, ForeignKey
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from . import importing, views
from .serializers import (
    AllowedChoiceForeignKeyAdapter,
    PublishedPageSerializer,
    ServedFileAdapter,
)


@hooks.register("register_admin_urls", order=-1)
def register_transfer_admin_urls():
    """Come before wagtail-transfer's own admin URLs, at the same paths: its check_uid answers
    500 on a bad UID, and its import views are replaced by the project's (importing.py)."""
    return [
        path(
            "wagtail-transfer/api/check_uid/",
            views.check_page_existence_for_uid,
            name="comcep_transfer_check_uid",
        ),
        path("wagtail-transfer/choose/", importing.choose, name="comcep_transfer_choose"),
        path("wagtail-transfer/import/", importing.do_import, name="comcep_transfer_import"),
        path("wagtail-transfer/widget.js", importing.widget_view, name="comcep_transfer_widget"),
        re_path(
            r"^wagtail-transfer/api/chooser-proxy/(\w+)/([\w\-/]*)$",
            importing.chooser_api_proxy,
            name="comcep_transfer_chooser_proxy",
        ),
    ]


@hooks.register("register_custom_serializers")
def register_page_serializer():
    return {Page: PublishedPageSerializer}


@hooks.register("register_field_adapters")
def register_file_adapter():
    return {FileField: ServedFileAdapter, ForeignKey: AllowedChoiceForeignKeyAdapter}


class ImportMenuItem(MenuItem):
    """Shown to every account that may import, whether a source is configured or not (the screen
    then explains how to configure one)."""

    def is_shown(self, request):
        return importing.may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import from another instance"),
        reverse("wagtail_transfer_admin:choose_page"),
        name="import-from-another-instance",
        icon_name="download",
        order=10000,
    )


@hooks.register("construct_main_menu")
def keep_one_import_menu_item(request, menu_items):
    """wagtail-transfer's own entry ("Import", in English, only when a source is configured)
    gives way to the project's."""
    choose_url = reverse("wagtail_transfer_admin:choose_page")
    menu_items[:] = [
        item for item in menu_items if item.url != choose_url or isinstance(item, ImportMenuItem)
    ]
