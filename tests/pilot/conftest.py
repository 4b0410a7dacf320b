import pytest

from community.accounts.roles import MODERATORS_GROUP, PILOT_GROUP
from community.pilot.permissions import ensure_inbox_permissions


@pytest.fixture
def inbox(portal):
    """The inbox permissions, as ``setup_site`` grants them."""
    ensure_inbox_permissions()


@pytest.fixture
def sophie(make_member, operator):
    return make_member(
        "sophie",
        "Sophie M. (France Travail)",
        groups=("Conseillers", PILOT_GROUP),
        email="sophie.martin@francetravail.example",
        operator=operator,
    )


@pytest.fixture
def moderator(make_member):
    return make_member("karim", "Karim B. (modération)", groups=("Conseillers", MODERATORS_GROUP))


@pytest.fixture
def operator(db):
    from cms.taxonomies.models import Operator

    return Operator.objects.get_or_create(name="France Travail", slug="france-travail")[0]
