from django.db.models import FileField
from django.urls import path, re_path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page

from . import importing, views
from .serializers import PublishedPageSerializer, ServedFileAdapter


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
    return {FileField: ServedFileAdapter}


@hooks.register("construct_main_menu")
def name_the_import_menu_item_in_french(request, menu_items):
    """wagtail-transfer's menu label is a plain English string."""
    choose_url = reverse("wagtail_transfer_admin:choose_page")
    for item in menu_items:
        if item.url == choose_url:
            item.label = _("Import from another site")
