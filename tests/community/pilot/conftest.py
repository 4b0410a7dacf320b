import pytest

from community.pilot.permissions import ensure_inbox_permissions
from tests.factories import MemberFactory


@pytest.fixture
def inbox(portal):
    """The inbox permissions, as ``setup_site`` grants them."""
    ensure_inbox_permissions()


@pytest.fixture
def sophie(operator):
    return MemberFactory(
        username="sophie",
        display_name="Sophie M. (France Travail)",
        email="sophie.martin@francetravail.example",
        operator=operator,
        pilot=True,
    )


@pytest.fixture
def operator(db):
    from cms.taxonomies.models import Operator

    return Operator.objects.get_or_create(name="France Travail", slug="france-travail")[0]
