"""Demo: the pilot group's second consultation, open now, and one "you said, we did" entry.
Idempotent: found by slug and by title, never created twice."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.pilot.models import Feedback

from .audience import PILOT
from .models import ConsultationIndexPage, ConsultationPage, ConsultationQuestion, YouSaidEntry

SLUG = "deuxieme-consultation-du-groupe-pilote"
QUESTIONS = [
    (
        "Quelle partie de ComCep vous sert le plus ?",
        "radio",
        "Le forum\nLe catalogue des offres\nLes vidéos UODC\nLa boîte à outils",
    ),
    (
        "Quels contenus devrions-nous développer ?",
        "checkboxes",
        "Posture d’écoute\nPublics fragiles\nOutils du CEP\nOrganisation des structures",
    ),
    ("Dans l’ensemble, ComCep vous aide-t-il dans votre pratique ?", "scale", ""),
    ("Une fonctionnalité qui vous manque ?", "singleline", ""),
    ("Autre chose à nous dire ?", "multiline", ""),
]
ENTRY = "Les plafonds du CPF ajoutés aux fiches de formation"


FEEDBACK = "Il manque les plafonds du CPF sur les fiches de formation."


def _demo_feedback():
    """Sophie's feedback that prompted the demo entry (the pilot group's demo counsellor)."""
    sophie = get_user_model().objects.filter(username="sophie").first()
    if sophie is None:
        return None
    feedback, _created = Feedback.objects.get_or_create(
        author=sophie,
        comment=FEEDBACK,
        defaults={
            "page_path": "/offres/",
            "rating": 3,
            "operator_id": sophie.operator_id,
            "status": Feedback.Status.DONE,
        },
    )
    return feedback


def load(home, stdout, publisher=None):
    index = ConsultationIndexPage.ensure_under(home)
    created = 0
    if not ConsultationPage.objects.filter(slug=SLUG).exists():
        now = timezone.now()
        page = ConsultationPage(
            title="Deuxième consultation du groupe pilote",
            slug=SLUG,
            intro=(
                "<p>Après trois mois de bêta, dites-nous ce qui vous sert et ce qui manque : "
                "vos réponses orientent les prochaines évolutions.</p>"
            ),
            thank_you_text="<p>Merci ! Nous publierons ce que nous en faisons.</p>",
            audience=PILOT,
            opens_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=28),
            anonymous=True,
            owner=publisher,
        )
        for label, field_type, choices in QUESTIONS:
            page.form_fields.add(
                ConsultationQuestion(label=label, field_type=field_type, choices=choices)
            )
        index.add_child(instance=page)
        page.save_revision(user=publisher).publish()
        created += 1
    if not YouSaidEntry.objects.filter(title=ENTRY).exists():
        YouSaidEntry.objects.create(
            title=ENTRY,
            description=(
                "Plusieurs conseillers du groupe pilote nous ont signalé qu’il manquait les "
                "plafonds de prise en charge : chaque fiche de formation les indique désormais."
            ),
            feedback=_demo_feedback(),
        )
        created += 1
    stdout.write(f"Consultations : {created} élément(s) créé(s).")
    return created
