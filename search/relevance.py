"""How well the site search answers what counsellors type, measured on the French demo.

Each query of :data:`RELEVANCE_SET` is something a counsellor would type (an acronym, a plural, a
word without its accents, a typo, a need in two words) with the demo pages that answer it. The
search is run as an anonymous visitor over every kind of result, pages and discussions together,
and the measure says how often one of those pages is first (hits@1), in the first three (hits@3),
and the mean reciprocal rank of the first one (MRR). ``manage.py search_relevance`` prints it; the
tests assert it.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from .engine import load_objects, search_everything

# (query, titles of the demo pages that answer it: any of them counts).
BILAN = (
    "Information collective sur le bilan de compétences",
    "Financement du bilan de compétences par l’Agefiph",
    "Le bilan de compétences, pour qui et comment",
)
CREATORS = (
    "Accompagnement des créateurs d’entreprise",
    "Prêt d’honneur pour les créateurs",
    "Créer son entreprise : les aides ACRE et ARCE",
    "Création d’entreprise : ce qui change pour l’ACRE",
)
VAE = (
    "Point relais conseil VAE",
    "France VAE",
    "Aide à la VAE de la région Auvergne-Rhône-Alpes",
    "La VAE en cinq minutes",
    "La VAE entièrement dématérialisée sur la plateforme nationale",
)
CPF = ("Compte personnel de formation", "Mon Compte Formation")
HANDICAP = (
    "Accompagner les publics en situation de handicap",
    "Aides de l’Agefiph à la compensation du handicap",
    "Mon Parcours Handicap",
    "Accompagnement au maintien dans l’emploi",
)
RELEVANCE_SET = [
    # Acronyms.
    ("CPF", CPF),
    ("ptp", ("Projet de transition professionnelle",)),
    ("AIF", ("Aide individuelle à la formation",)),
    ("cej", ("Contrat d’engagement jeune",)),
    ("VAE", VAE),
    ("arce", ("ARCE : capital de l’allocation chômage",)),
    ("ACRE", ("ACRE : exonération de début d’activité",)),
    ("clea", ("Certificat CléA",)),
    ("transco", ("Transitions collectives",)),
    ("RQTH", HANDICAP),
    ("rncp", ("Répertoire national des certifications professionnelles (RNCP)",)),
    ("pro-a", ("Pro-A : reconversion ou promotion par alternance",)),
    ("cep actifs occupes", ("Conseil en évolution professionnelle pour les actifs occupés",)),
    # Expansions of acronyms.
    ("compte personnel formation", CPF),
    ("transition professionnelle", ("Projet de transition professionnelle",)),
    ("validation des acquis", VAE),
    # Plurals and singulars, accents left out.
    ("electriciens", ("Électricien du bâtiment",)),
    ("formations passerelles", ("Aide-soignant : formation passerelle",)),
    ("bilan de competence", BILAN),
    ("créateur entreprise", CREATORS),
    ("createurs", CREATORS),
    ("salaries licencies", ("Dispositif régional de rebond pour les salariés licenciés",)),
    ("independants formation", ("Fonds d’assurance formation des indépendants",)),
    ("competences transferables", ("Atelier « Valoriser ses compétences transférables »",)),
    ("atelier numerique", ("Ateliers numériques pour publics éloignés",)),
    ("garde enfant", ("Garde d’enfants pour parents isolés",)),
    ("metier en tension cpf", ("Abondement régional du CPF pour les métiers en tension",)),
    ("fiche metier rome", ("Métierscope — fiches métiers ROME 4.0",)),
    # Word families.
    ("creation entreprise", CREATORS),
    ("creer son entreprise", CREATORS),
    ("licenciement", ("Dispositif régional de rebond pour les salariés licenciés",)),
    ("electricite batiment", ("Électricien du bâtiment",)),
    # Typos.
    ("formaton passerelle", ("Aide-soignant : formation passerelle",)),
    ("compte personel de formation", CPF),
    ("electricein", ("Électricien du bâtiment",)),
    ("transitons collectives", ("Transitions collectives",)),
    ("entretien motivationel", ("Se former à l’entretien motivationnel",)),
    ("bilan de compétance", BILAN),
    # Needs in a few words, one of which the page may not use.
    ("jeune NEET", ("Contrat d’engagement jeune", "Accompagner les jeunes avec la Mission locale")),
    ("permis de conduire jeune", ("Aide au permis de conduire pour les jeunes",)),
    ("mobilite formation", ("Aide à la mobilité pour se rendre en formation",)),
    ("handicap maintien emploi", HANDICAP + ("Maintien dans l’emploi et handicap",)),
    ("agefiph bilan", ("Financement du bilan de compétences par l’Agefiph",)),
    ("developpeur web", ("Développeur web et web mobile",)),
    ("cap petite enfance", ("Préparer un CAP Accompagnant éducatif petite enfance",)),
    ("remise a niveau francais", ("Remise à niveau en français et mathématiques",)),
    ("pret honneur createur", ("Prêt d’honneur pour les créateurs",)),
    ("recherche emploi cadre", ("Techniques de recherche d’emploi pour cadres",)),
    ("reconversion alternance", ("Pro-A : reconversion ou promotion par alternance",)),
    ("cheque formation hauts de france", ("Chèque formation des Hauts-de-France",)),
    ("bourse urgence jeune", ("Bourse d’urgence pour les jeunes en formation",)),
    ("ecoute conseiller", ("Cellule d’écoute pour les conseillers",)),
    ("permanence tiers lieux", ("Permanence CEP dans les tiers-lieux bretons",)),
    ("pole emploi lille", ("France Travail Lille Vauban",)),
    ("mission locale rennes", ("Mission locale du bassin rennais",)),
    (
        "titre conseiller insertion",
        ("Titre professionnel Conseiller en insertion professionnelle",),
    ),
    ("sante travail independant", ("Bilan santé-travail pour les travailleurs indépendants",)),
    ("financement formation salarié", ("Projet de transition professionnelle",) + CPF),
]


@dataclass
class QueryOutcome:
    query: str
    rank: int | None  # 1 for the first result; None: not in the results
    titles: list = field(default_factory=list)  # the first results' titles


@dataclass
class RelevanceReport:
    outcomes: list

    def share(self, within):
        found = [o for o in self.outcomes if o.rank is not None and o.rank <= within]
        return len(found) / len(self.outcomes)

    @property
    def hits_at_1(self):
        return self.share(1)

    @property
    def hits_at_3(self):
        return self.share(3)

    @property
    def mrr(self):
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)

    def summary(self):
        return (
            f"{len(self.outcomes)} queries: hits@1 {self.hits_at_1:.1%}, "
            f"hits@3 {self.hits_at_3:.1%}, MRR {self.mrr:.3f}"
        )


def result_title(hit):
    obj = hit.obj
    return obj.topic.subject if hasattr(obj, "topic") else obj.title


def visitor_request():
    request = RequestFactory().get("/recherche/")
    request.user = AnonymousUser()
    return request


def measure(relevance_set=RELEVANCE_SET, depth=10):
    """The rank of the first answering page of each query, searched as an anonymous visitor."""
    request = visitor_request()
    outcomes = []
    for query, expected in relevance_set:
        hits = load_objects(search_everything(request, query).hits[:depth])
        titles = [result_title(hit) for hit in hits]
        rank = next((n for n, title in enumerate(titles, 1) if title in expected), None)
        outcomes.append(QueryOutcome(query, rank, titles))
    return RelevanceReport(outcomes)
