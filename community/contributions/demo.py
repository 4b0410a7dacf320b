"""Demo: one resource proposed by julien, waiting in "Relecture". Idempotent."""

from django.contrib.auth import get_user_model

from cms.taxonomies.models import Audience, Region, Theme

from .models import Proposal
from .services import propose_offer

DEMO_TITLE = "Aide régionale au permis de conduire pour une reprise d’emploi"


def load(stdout):
    julien = get_user_model().objects.filter(username="julien").first()
    created = 0
    if julien is not None and not Proposal.objects.filter(page__title=DEMO_TITLE).exists():
        propose_offer(
            julien,
            {
                "kind": "funding",
                "title": DEMO_TITLE,
                "summary": (
                    "La région prend en charge une partie du permis B des demandeurs d’emploi "
                    "qui ont une promesse d’embauche ou une entrée en formation."
                ),
                "body": (
                    "Montant selon les ressources, versé à l’auto-école.\n\n"
                    "Demande à déposer avant l’inscription, avec l’avis du conseiller."
                ),
                "funder": "Région Île-de-France",
                "regions": list(Region.objects.filter(name="Île-de-France")),
                "audiences": list(Audience.objects.filter(name__icontains="emploi")[:1]),
                "themes": list(Theme.objects.filter(name__icontains="financement")[:1]),
                "source_url": "https://www.iledefrance.fr/aides-et-appels-a-projets",
            },
        )
        created = 1
    stdout.write(f"Propositions des membres : {created} créée(s).")
    return created
