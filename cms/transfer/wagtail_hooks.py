from django.urls import path
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls", order=-1)
def register_check_uid_url():
    """Comes before wagtail-transfer's own admin URLs: its check_uid answers 500 on a bad UID."""
    return [
        path(
            "wagtail-transfer/api/check_uid/",
            views.check_page_existence_for_uid,
            name="comcep_transfer_check_uid",
        )
    ]
