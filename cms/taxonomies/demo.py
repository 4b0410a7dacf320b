"""The reference lists every environment starts with. Idempotent: matched by slug."""

from django.utils.text import slugify

from .models import Audience, Operator, Region, Scheme, Theme

REGIONS = (
    ("84", "Auvergne-Rhône-Alpes"),
    ("27", "Bourgogne-Franche-Comté"),
    ("53", "Bretagne"),
    ("24", "Centre-Val de Loire"),
    ("94", "Corse"),
    ("44", "Grand Est"),
    ("32", "Hauts-de-France"),
    ("11", "Île-de-France"),
    ("28", "Normandie"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("52", "Pays de la Loire"),
    ("93", "Provence-Alpes-Côte d’Azur"),
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
)
OVERSEAS = {"01", "02", "03", "04", "06"}

AUDIENCES = (
    (
        "Demandeurs d’emploi",
        "Personnes inscrites ou non à France Travail et en recherche d’emploi.",
    ),
    (
        "Salariés",
        "Salariés du secteur privé, en CDI ou CDD, qui veulent faire le point ou évoluer.",
    ),
    ("Jeunes de 16 à 25 ans", "Jeunes suivis par les Missions locales."),
    ("Cadres", "Cadres et jeunes diplômés accompagnés par l’Apec."),
    (
        "Personnes en situation de handicap",
        "Personnes reconnues travailleurs handicapés, suivies par Cap emploi.",
    ),
    ("Travailleurs indépendants", "Indépendants, artisans, commerçants, professions libérales."),
    ("Agents publics", "Fonctionnaires et contractuels des trois fonctions publiques."),
)

OPERATORS = (
    ("France Travail", "Les demandeurs d’emploi.", "https://www.francetravail.fr"),
    ("Apec", "Les cadres et les jeunes diplômés.", "https://www.apec.fr"),
    ("Missions locales", "Les jeunes de 16 à 25 ans.", "https://www.unml.info"),
    ("Cap emploi", "Les personnes en situation de handicap.", "https://www.capemploi.info"),
    (
        "Opérateurs régionaux pour les actifs occupés",
        "Les salariés et indépendants, par des opérateurs choisis par France compétences dans chaque région.",
        "https://mon-cep.org",
    ),
)

THEMES = (
    ("Reconversion", "Changer de métier ou de secteur."),
    ("Création d’entreprise", "Créer ou reprendre une activité."),
    ("Formation", "Se former : parcours, certifications, modalités."),
    ("Financement", "Qui paie quoi, plafonds et conditions."),
    ("Posture d’accompagnement", "Écoute, neutralité, alliance de travail."),
    ("Publics fragiles", "Précarité, fragilité psychologique, faible autonomie."),
    ("Outils du conseiller", "Outils numériques et méthodes du CEP."),
    ("Retour à l’emploi", "Reprendre un emploi après une interruption."),
    ("Handicap et emploi", "Compensation, aménagements, maintien dans l’emploi."),
    ("Validation des acquis", "Faire reconnaître son expérience."),
)

SCHEMES = (
    ("CPF", "Compte personnel de formation", "https://www.moncompteformation.gouv.fr"),
    ("PTP", "Projet de transition professionnelle", "https://www.transitionspro.fr"),
    ("VAE", "Validation des acquis de l’expérience", "https://vae.gouv.fr"),
    ("Pro-A", "Reconversion ou promotion par alternance", ""),
    ("Bilan de compétences", "Bilan de compétences", ""),
    ("Transitions collectives", "Dispositif Transitions collectives (Transco)", ""),
    ("AIF", "Aide individuelle à la formation", ""),
    ("ACRE", "Aide à la création ou à la reprise d’une entreprise", ""),
    ("ARCE", "Aide à la reprise ou à la création d’entreprise", ""),
    ("CEP", "Conseil en évolution professionnelle", "https://mon-cep.org"),
)


def _ensure(model, rows):
    created = 0
    for position, (name, defaults) in enumerate(rows, start=1):
        _obj, was_created = model.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": position * 10, **defaults}
        )
        created += was_created
    return created


def load(stdout):
    created = _ensure(
        Region, [(name, {"code": code, "is_overseas": code in OVERSEAS}) for code, name in REGIONS]
    )
    created += _ensure(Audience, [(name, {"description": text}) for name, text in AUDIENCES])
    created += _ensure(
        Operator,
        [(name, {"short_description": text, "website": url}) for name, text, url in OPERATORS],
    )
    created += _ensure(Theme, [(name, {"description": text}) for name, text in THEMES])
    created += _ensure(
        Scheme, [(name, {"full_name": full, "official_url": url}) for name, full, url in SCHEMES]
    )
    stdout.write(f"Référentiels : {created} entrée(s) créée(s).")
