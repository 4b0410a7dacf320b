import pytest
from wagtail.models import Page

from cms import editorial
from cms.questions.models import QuestionIndexPage
from tests.factories import MemberFactory


@pytest.fixture
def relecture(catalogue):
    """The catalogue under the "Relecture" workflow, as setup_site builds it."""
    editorial.ensure_editorial_workflow([Page.objects.get(pk=catalogue.get_parent().pk)])
    return catalogue


@pytest.fixture
def julien(db):
    return MemberFactory(username="julien", display_name="Julien R. (Apec)")


@pytest.fixture
def editrice(db):
    return MemberFactory(username="editrice", display_name="Éditrice", editor=True)


@pytest.fixture
def questions_index(portal):
    return QuestionIndexPage.ensure_under(portal)[0]
