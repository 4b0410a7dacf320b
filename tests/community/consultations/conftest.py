from datetime import timedelta

import pytest
from django.utils import timezone

from cms.editorial import ensure_editorial_workflow
from community.consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationQuestion,
)
from tests.factories import MemberFactory

QUESTIONS = [
    ("Ce qui vous aide le plus dans ComCep", "singleline", ""),
    ("La rubrique que vous consultez le plus", "radio", "Forum\nOffres\nVidéos"),
    ("Les sujets à développer", "checkboxes", "Posture\nPublics fragiles\nOutils"),
    ("Votre satisfaction générale", "scale", ""),
]


@pytest.fixture
def people(portal):
    ensure_editorial_workflow([portal])
    return {
        "sophie": MemberFactory(username="sophie", pilot=True),
        "julien": MemberFactory(username="julien"),
        "editrice": MemberFactory(username="editrice", editor=True),
        "moderateur": MemberFactory(username="karim", moderator=True),
    }


@pytest.fixture
def make_consultation(portal):
    def make(title="Deuxième consultation du groupe pilote", audience="pilot", **fields):
        index = ConsultationIndexPage.ensure_under(portal)
        now = timezone.now()
        page = ConsultationPage(
            title=title,
            audience=audience,
            opens_at=fields.pop("opens_at", now - timedelta(days=1)),
            closes_at=fields.pop("closes_at", now + timedelta(days=14)),
            **fields,
        )
        for label, field_type, choices in QUESTIONS:
            page.form_fields.add(
                ConsultationQuestion(label=label, field_type=field_type, choices=choices)
            )
        index.add_child(instance=page)
        page.save_revision().publish()
        return ConsultationPage.objects.get(pk=page.pk)

    return make


def answers(text="Le forum", rubric="Forum", topics=("Posture",), scale="4"):
    return {
        "ce_qui_vous_aide_le_plus_dans_comcep": text,
        "la_rubrique_que_vous_consultez_le_plus": rubric,
        "les_sujets_a_developper": list(topics),
        "votre_satisfaction_generale": scale,
    }
