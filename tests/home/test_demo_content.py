"""``load_demo`` refuses to fill a production database; what it builds is tested in
tests/home/test_demo_site.py, where the demo is built once for every test that reads it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page


@pytest.mark.django_db
def test_load_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("load_demo", stdout=io.StringIO())
    assert get_user_model().objects.count() == 0
    assert Page.objects.count() == pages
