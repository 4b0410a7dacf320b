import pytest
from django.contrib.auth import get_user_model
from machina.core.db.models import get_model

from cms.taxonomies.models import Operator, Region, Theme
from community.accounts.roles import (
    MODERATORS_GROUP,
    PARTNERS_GROUP,
    PILOT_GROUP,
    apply_forum_permissions,
)

Forum = get_model("forum", "Forum")
User = get_user_model()


@pytest.fixture
def pilot_rubric(portal):
    """The private rubric of the pilot group, with the roles applied to it."""
    category = Forum.objects.create(name="Groupe pilote", type=Forum.FORUM_CAT)
    forum = Forum.objects.create(name="Retours sur la bêta", type=Forum.FORUM_POST, parent=category)
    apply_forum_permissions()
    return forum


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
def moderator(make_member):
    return make_member("karim", "Karim B. (modération)", groups=("Conseillers", MODERATORS_GROUP))


@pytest.fixture
def pilot_counsellor(make_member):
    return make_member("nadia", "Nadia R. (pilote)", groups=("Conseillers", PILOT_GROUP))


@pytest.fixture
def partner(make_member):
    return make_member("camille", "Camille B. (Carif-Oref)", groups=(PARTNERS_GROUP,))


@pytest.fixture
def pending_member(make_member):
    return make_member(
        "ines",
        "Inès M.",
        groups=(),
        status=User.Status.PENDING,
        email="ines.moreau@structure-inconnue.example",
        email_confirmed=True,
    )
