"""wagtail-transfer's public API (mounted at /wagtail-transfer/), with the project's export views.

The URL names and namespaces are wagtail-transfer's own, so that anything reversing them keeps
working.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path, re_path
from wagtail.utils.urlpatterns import decorate_urlpatterns
from wagtail_transfer.auth import GROUP_QUERY_WITH_DIGEST, check_get_digest_wrapper
from wagtail_transfer.vendor.wagtail_api_v2.router import WagtailAPIRouter

from . import views
from .timestamps import check_request_time


def check_get_digest(view_func):
    """wagtail-transfer's digest check for its chooser API, behind views.refuse_weak_key() and the
    request's signed time (for the digest wagtail-transfer checks: the first one)."""
    checked = check_get_digest_wrapper(view_func)

    @wraps(view_func)
    def view(request, *args, **kwargs):
        views.refuse_weak_key()
        match = GROUP_QUERY_WITH_DIGEST.match(request.META.get("QUERY_STRING", ""))
        if not match:
            raise PermissionDenied
        check_request_time(request, match.group("digest"))
        return checked(request, *args, **kwargs)

    return view


chooser_api = WagtailAPIRouter("wagtail_transfer_page_chooser_api")
chooser_api.register_endpoint("pages", views.ExportablePageChooserAPIViewSet)
chooser_api.register_endpoint("models", views.ExportableModelsAPIViewSet)

urlpatterns = [
    re_path(r"^api/pages/(\d+)/$", views.pages_for_export, name="wagtail_transfer_pages"),
    path("api/models/<str:model_path>/", views.models_for_export, name="wagtail_transfer_model"),
    path(
        "api/models/<str:model_path>/<int:object_id>/",
        views.models_for_export,
        name="wagtail_transfer_model_object",
    ),
    path("api/objects/", views.objects_for_export, name="wagtail_transfer_objects"),
    re_path(
        r"^api/chooser/",
        (
            decorate_urlpatterns(chooser_api.get_urlpatterns(), check_get_digest),
            chooser_api.url_namespace,
            chooser_api.url_namespace,
        ),
    ),
]
