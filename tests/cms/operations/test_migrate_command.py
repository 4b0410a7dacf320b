import gc

import pytest
from django.core.management import call_command, get_commands


@pytest.mark.django_db
def test_migrate_is_the_projects_and_leaves_the_collector_as_it_found_it():
    assert get_commands()["migrate"] == "cms.operations"
    before = gc.get_threshold()
    call_command("migrate", check_unapplied=True, verbosity=0)
    assert gc.get_threshold() == before
