"""The domain's acronyms and word families, as a first list that editors then keep up to date."""

from django.db import migrations

SYNONYMS = [
    ("CPF", "compte personnel de formation, mon compte formation, moncompteformation"),
    ("PTP", "projet de transition professionnelle, CPF de transition, CPF transition"),
    ("AIF", "aide individuelle à la formation"),
    ("CEJ", "contrat d'engagement jeune"),
    ("VAE", "validation des acquis de l'expérience"),
    ("ARCE", "aide à la reprise ou à la création d'entreprise"),
    ("ACRE", "aide à la création ou à la reprise d'entreprise, exonération de début d'activité"),
    ("CléA", "certificat CléA, socle de connaissances et de compétences professionnelles"),
    ("TransCo", "Transitions collectives, Transition collective"),
    ("NEET", "jeune ni en emploi ni en études ni en formation, jeune sans emploi ni formation"),
    ("RQTH", "reconnaissance de la qualité de travailleur handicapé"),
    ("OPCO", "opérateur de compétences, opérateurs de compétences"),
    ("CEP", "conseil en évolution professionnelle"),
    ("PRF", "programme régional de formation"),
    ("POEI", "préparation opérationnelle à l'emploi individuelle"),
    ("POEC", "préparation opérationnelle à l'emploi collective"),
    ("AFPR", "action de formation préalable au recrutement"),
    ("CSP", "contrat de sécurisation professionnelle"),
    ("CIF", "congé individuel de formation"),
    ("PMSMP", "période de mise en situation en milieu professionnel, immersion professionnelle"),
    ("IAE", "insertion par l'activité économique"),
    ("SIAE", "structure d'insertion par l'activité économique"),
    ("QPV", "quartier prioritaire de la politique de la ville, quartier prioritaire"),
    ("Agefiph", "association de gestion du fonds pour l'insertion des personnes handicapées"),
    ("France Travail", "Pôle emploi"),
    ("Apec", "Association pour l'emploi des cadres"),
    ("Carif-Oref", "Carif Oref, centre d'animation, de ressources et d'information sur la formation"),
    ("UODC", "Université ouverte des compétences"),
    ("conseiller", "conseillère, conseillers, conseillères"),
    ("créateur", "création, créer, créatrice"),
    ("repreneur", "reprise, reprendre"),
    ("formation", "former, formations"),
    ("reconversion", "reconvertir, se reconvertir"),
    ("salarié", "salariée, salariat"),
    ("handicap", "handicapé, handicapée"),
    ("apprentissage", "apprenti, apprentie"),
    ("chômage", "chômeur, demandeur d'emploi, demandeuse d'emploi"),
    ("financement", "financer, prise en charge"),
    ("accompagnement", "accompagner"),
    ("orientation", "orienter"),
    ("électricien", "électricienne, électricité"),
    ("numérique", "digital"),
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("site_search", "SearchSynonym")
    for term, equivalents in SYNONYMS:
        SearchSynonym.objects.get_or_create(term=term, defaults={"equivalents": equivalents})


class Migration(migrations.Migration):
    dependencies = [("site_search", "0007_search_synonyms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
