import pytest

from cms.taxonomies.models import Operator, Region, Theme
from tests.factories import MemberFactory, RubricFactory


@pytest.fixture
def pilot_rubric(portal):
    """The private rubric of the pilot group, with the roles applied to it."""
    return RubricFactory(pilot=True)


@pytest.fixture
def operator(db):
    return Operator.objects.create(name="France Travail")


@pytest.fixture
def region(db):
    return Region.objects.create(name="Bretagne", code="53")


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(name="Formation", sort_order=1),
        Theme.objects.create(name="Financement", sort_order=2),
        Theme.objects.create(name="Publics fragiles", sort_order=3),
    ]


@pytest.fixture
def moderator(db):
    return MemberFactory(username="karim", display_name="Karim B. (modération)", moderator=True)


@pytest.fixture
def pilot_counsellor(db):
    return MemberFactory(username="nadia", display_name="Nadia R. (pilote)", pilot=True)


@pytest.fixture
def partner(db):
    return MemberFactory(username="camille", display_name="Camille B. (Carif-Oref)", partner=True)


@pytest.fixture
def pending_member(db):
    return MemberFactory(
        username="ines",
        display_name="Inès M.",
        email="ines.moreau@structure-inconnue.example",
        pending=True,
    )
