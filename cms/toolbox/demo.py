"""Demo toolbox: public services and operator tools CEP counsellors use every day.

Idempotent: tools are matched by slug. Links are the services' official addresses; the videos
are those of the demo library (cms/videos/demo.py), linked when present.
"""

from django.utils.text import slugify

from cms.publishing import publish_child
from cms.taxonomies.models import Audience, Operator, Theme
from cms.videos.models import VideoPage

from .models import ToolboxIndexPage, ToolPage

ALL_ACTIVE = ["salaries", "demandeurs-demploi", "travailleurs-independants", "agents-publics"]

# (title, official link, run by, CEP operator slug, what it is for, who may use it,
#  access conditions, theme slugs, audience slugs, video slugs)
TOOLS = (
    (
        "Mon Compte Formation",
        "https://www.moncompteformation.gouv.fr",
        "Caisse des Dépôts",
        "",
        "Consulter les droits acquis sur le compte personnel de formation (CPF), chercher une "
        "formation éligible (certifications du RNCP et du Répertoire spécifique, bilan de "
        "compétences, VAE, permis de conduire…) et s’y inscrire en ligne, avec un éventuel "
        "abondement de l’employeur, de France Travail ou de la région.",
        "Toute personne active dès 16 ans : salariés, demandeurs d’emploi, indépendants, agents "
        "publics (pour ces derniers, consultation des droits et démarches propres à leur "
        "employeur).",
        "Compte créé avec son numéro de sécurité sociale ; l’achat d’une formation demande une "
        "identité numérique vérifiée (FranceConnect+). Une participation forfaitaire est due "
        "depuis mai 2024, sauf pour les demandeurs d’emploi et lorsque l’employeur abonde.",
        ["formation", "financement", "outils-du-conseiller"],
        ALL_ACTIVE,
        ["cpf-mobiliser", "outils-numeriques"],
    ),
    (
        "France VAE",
        "https://vae.gouv.fr",
        "Ministères chargés du Travail et de l’Éducation nationale (service public France VAE)",
        "",
        "Le service public de la validation des acquis de l’expérience : vérifier qu’un diplôme "
        "ou un titre est accessible par la VAE, déposer sa candidature en ligne et être "
        "accompagné par un architecte accompagnateur de parcours jusqu’au jury.",
        "Toute personne qui justifie d’une expérience en lien avec la certification visée "
        "(salariée, bénévole, aidante, demandeuse d’emploi…), sans condition de durée minimale "
        "depuis la réforme de 2022.",
        "Création d’un compte sur le site ; le parcours peut être financé par le CPF, l’employeur, "
        "France Travail ou la région.",
        ["validation-des-acquis", "formation"],
        ALL_ACTIVE,
        ["vae-cinq-minutes"],
    ),
    (
        "Transitions Pro",
        "https://www.transitionspro.fr",
        "Associations Transitions Pro (une par région)",
        "",
        "Financer un projet de transition professionnelle (PTP) : une formation certifiante pour "
        "changer de métier, avec maintien de la rémunération pendant le congé. Transitions Pro "
        "instruit aussi les demandes de Transitions collectives et atteste le caractère réel et "
        "sérieux des projets de démission-reconversion.",
        "Salariés du secteur privé justifiant de 24 mois d’activité salariée, dont 12 dans "
        "l’entreprise (conditions particulières pour les CDD, les intérimaires et les "
        "travailleurs handicapés).",
        "Dossier déposé auprès de la Transitions Pro de sa région, avec l’accord d’absence de "
        "l’employeur ; un accompagnement par un conseiller en évolution professionnelle est "
        "recommandé pour préparer le projet.",
        ["reconversion", "financement"],
        ["salaries"],
        ["ptp-preparer", "transitions-collectives"],
    ),
    (
        "Métierscope — fiches métiers ROME 4.0",
        "https://candidat.francetravail.fr/metierscope",
        "France Travail",
        "france-travail",
        "Explorer les métiers du Répertoire opérationnel des métiers et des emplois (ROME 4.0) : "
        "activités, compétences, accès au métier, conditions de travail, mobilités possibles vers "
        "des métiers proches, et les chiffres de l’emploi dans la zone choisie.",
        "Tout public, sans compte ; les conseillers s’en servent pour confronter un projet aux "
        "réalités d’un métier.",
        "Libre accès, gratuit.",
        ["reconversion", "outils-du-conseiller"],
        [],
        ["outils-numeriques"],
    ),
    (
        "La Bonne Boîte",
        "https://labonneboite.francetravail.fr",
        "France Travail",
        "france-travail",
        "Trouver les entreprises qui ont le plus de chances de recruter dans un métier et une "
        "zone, d’après les embauches passées, pour cibler des candidatures spontanées.",
        "Tout candidat à un emploi, et les conseillers qui préparent avec lui sa prospection.",
        "Libre accès, gratuit ; certaines fonctions (mise en favoris) demandent un compte "
        "France Travail.",
        ["retour-a-lemploi", "outils-du-conseiller"],
        ["demandeurs-demploi", "jeunes-de-16-a-25-ans"],
        ["reprise-emploi"],
    ),
    (
        "La Bonne Formation",
        "https://labonneformation.francetravail.fr",
        "France Travail",
        "france-travail",
        "Comparer les formations près de chez soi, avec le taux de retour à l’emploi des anciens "
        "stagiaires et les financements possibles selon sa situation.",
        "Demandeurs d’emploi et plus largement toute personne qui cherche une formation.",
        "Libre accès, gratuit.",
        ["formation", "financement"],
        ["demandeurs-demploi"],
        [],
    ),
    (
        "L’offre de formation des Carif-Oref",
        "https://www.intercariforef.org",
        "Réseau des Carif-Oref",
        "",
        "L’offre de formation continue et en apprentissage recensée région par région par les "
        "Carif-Oref, avec les sessions, les organismes et les financements ; les Carif-Oref "
        "publient aussi des diagnostics emploi-formation territoriaux.",
        "Tout public et les professionnels de l’orientation.",
        "Libre accès, gratuit.",
        ["formation", "outils-du-conseiller"],
        [],
        ["outils-numeriques"],
    ),
    (
        "1jeune1solution",
        "https://www.1jeune1solution.gouv.fr",
        "Ministère chargé du Travail",
        "",
        "Offres d’emploi, de stage, d’alternance et de service civique, simulateur des aides "
        "auxquelles un jeune a droit, orientation vers le Contrat d’engagement jeune et les "
        "structures d’accompagnement.",
        "Jeunes de 15 à 30 ans, leurs parents et les professionnels qui les accompagnent.",
        "Libre accès, gratuit.",
        ["retour-a-lemploi", "financement"],
        ["jeunes-de-16-a-25-ans"],
        ["jeunes-mission-locale"],
    ),
    (
        "Mes aides — France Travail",
        "https://mes-aides.francetravail.fr",
        "France Travail",
        "france-travail",
        "Trouver les aides à la reprise d’emploi ou à la formation selon sa situation : mobilité, "
        "garde d’enfants, logement, matériel, financement de formation, et les aides des "
        "partenaires (région, département, Action Logement…).",
        "Demandeurs d’emploi et personnes en reprise d’emploi.",
        "Libre accès ; les demandes d’aides de France Travail se font depuis l’espace personnel.",
        ["financement", "retour-a-lemploi"],
        ["demandeurs-demploi"],
        [],
    ),
    (
        "Diagoriente",
        "https://diagoriente.beta.gouv.fr",
        "Startup d’État (beta.gouv.fr), avec les Missions locales",
        "",
        "Identifier ses compétences à partir de ses expériences (emploi, stages, bénévolat, "
        "loisirs), découvrir ses centres d’intérêt et explorer des métiers qui y correspondent ; "
        "le conseiller suit le parcours de la personne.",
        "Jeunes et personnes peu qualifiées accompagnés, notamment en Mission locale ou dans le "
        "cadre du Contrat d’engagement jeune.",
        "Gratuit ; compte créé par la personne ou avec son conseiller.",
        ["outils-du-conseiller", "publics-fragiles"],
        ["jeunes-de-16-a-25-ans"],
        ["jeunes-mission-locale"],
    ),
    (
        "Mon Parcours Handicap",
        "https://www.monparcourshandicap.gouv.fr",
        "Caisse des Dépôts, avec la CNSA et l’Agefiph",
        "",
        "Le portail public d’information des personnes handicapées et de leurs proches : droits "
        "(RQTH, AAH…), emploi, formation, études, aides au maintien dans l’emploi, et l’annuaire "
        "des interlocuteurs (MDPH, Cap emploi…).",
        "Personnes en situation de handicap, leurs aidants et les professionnels.",
        "Libre accès ; un espace personnel permet de suivre certaines démarches.",
        ["handicap-et-emploi"],
        ["personnes-en-situation-de-handicap"],
        ["handicap-maintien-emploi"],
    ),
    (
        "Certificat CléA",
        "https://www.certificat-clea.fr",
        "Association Certif Pro (partenaires sociaux)",
        "",
        "Certifier le socle de connaissances et de compétences professionnelles (communication en "
        "français, calcul, numérique, travail en équipe, apprentissage, règles et sécurité) ; "
        "CléA numérique certifie les usages numériques au travail. Une évaluation préalable "
        "situe la personne, puis une formation ciblée complète si besoin.",
        "Toute personne active, en particulier peu ou pas diplômée.",
        "Évaluation réalisée par un organisme habilité ; éligible au CPF.",
        ["formation", "publics-fragiles"],
        ["demandeurs-demploi", "salaries"],
        [],
    ),
    (
        "Pix",
        "https://pix.fr",
        "GIP Pix (ministères de l’Éducation nationale et de l’Enseignement supérieur)",
        "",
        "Évaluer et développer ses compétences numériques en ligne (information, communication, "
        "création de contenus, protection, environnement numérique), puis les faire certifier ; "
        "Pix Orga permet à une structure de suivre un groupe.",
        "Tout public ; la certification Pix est reconnue par l’État et inscrite au Répertoire "
        "spécifique.",
        "Tests en ligne gratuits avec un compte ; certification en centre agréé, éligible au CPF.",
        ["formation", "outils-du-conseiller"],
        [],
        ["outils-numeriques"],
    ),
    (
        "InserJeunes",
        "https://www.inserjeunes.education.gouv.fr",
        "Ministères chargés de l’Éducation nationale et du Travail (DEPP et Dares)",
        "",
        "Les taux d’insertion dans l’emploi et de poursuite d’études des sortants de voie "
        "professionnelle et d’apprentissage (CAP au BTS), par établissement et par formation, "
        "pour choisir une formation en connaissant ses débouchés.",
        "Tout public : jeunes, familles, conseillers.",
        "Libre accès, gratuit.",
        ["formation"],
        ["jeunes-de-16-a-25-ans"],
        [],
    ),
    (
        "Répertoire national des certifications professionnelles (RNCP)",
        "https://www.francecompetences.fr/recherche-rncp/",
        "France compétences",
        "",
        "Vérifier qu’une certification est enregistrée au RNCP ou au Répertoire spécifique, son "
        "niveau, ses blocs de compétences, les organismes certificateurs et les voies d’accès "
        "(formation, apprentissage, VAE) : la base pour savoir si une formation est éligible au "
        "CPF ou à la VAE.",
        "Tout public et les professionnels de l’orientation et de la formation.",
        "Libre accès, gratuit.",
        ["formation", "validation-des-acquis", "outils-du-conseiller"],
        [],
        ["vae-cinq-minutes"],
    ),
    (
        "Mon CEP",
        "https://mon-cep.org",
        "France compétences",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "Trouver l’opérateur du conseil en évolution professionnelle des actifs occupés de sa "
        "région et prendre rendez-vous ; le site présente le CEP, gratuit et confidentiel.",
        "Salariés du secteur privé, indépendants, artisans, professions libérales.",
        "Gratuit ; prise de rendez-vous en ligne ou par téléphone.",
        ["reconversion", "posture-daccompagnement"],
        ["salaries", "travailleurs-independants"],
        ["cep-trois-temps"],
    ),
)


def load(home, stdout, publisher=None):
    index, _created = ToolboxIndexPage.ensure_under(home)
    themes = Theme.objects.in_bulk(field_name="slug")
    audiences = Audience.objects.in_bulk(field_name="slug")
    operators = Operator.objects.in_bulk(field_name="slug")
    videos = {video.slug: video for video in VideoPage.objects.all()}
    existing = set(ToolPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for (
        title,
        website,
        provider,
        operator_slug,
        purpose,
        users,
        access,
        theme_slugs,
        audience_slugs,
        video_slugs,
    ) in TOOLS:
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        tool = ToolPage(
            title=title,
            slug=slug,
            website=website,
            provider=provider,
            operator=operators.get(operator_slug),
            purpose=purpose,
            users=users,
            access_conditions=access,
        )
        tool.themes = [themes[s] for s in theme_slugs if s in themes]
        tool.audiences = [audiences[s] for s in audience_slugs if s in audiences]
        tool.videos = [videos[s] for s in video_slugs if s in videos]
        publish_child(index, tool, user=publisher)
        created += 1
    stdout.write(f"Boîte à outils : {created} outil(s) créé(s).")
