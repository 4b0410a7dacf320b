"""Demo structures: the five operators, how each organises the CEP, and local sites in every
metropolitan region (loaded through the import of open-data listings). Idempotent."""

from django.utils.text import slugify

from cms.performance import invalidation
from cms.publishing import publish_child
from cms.taxonomies.models import Audience, Operator

from .imports import import_local_sites
from .models import StructureIndexPage, StructurePage

OPERATORS = (
    {
        "operator": "france-travail",
        "title": "France Travail",
        "summary": "France Travail délivre le CEP aux demandeurs d’emploi, inscrits ou non, dans ses agences.",
        "audiences": ("demandeurs-demploi",),
        "appointments": "<p>Sur demande auprès du conseiller référent, depuis l’espace personnel ou en agence. Premier rendez-vous sous quinze jours en moyenne.</p>",
        "phases": "<ol><li>Accueil individualisé et analyse de la situation.</li><li>Accompagnement personnalisé pour construire le projet.</li><li>Mise en œuvre : formation, VAE, création d’activité.</li></ol>",
        "typical_duration": "3 à 6 mois",
        "remote": StructurePage.Remote.BOTH,
        "website": "https://www.francetravail.fr",
    },
    {
        "operator": "apec",
        "title": "Apec",
        "summary": "L’Apec accompagne les cadres et les jeunes diplômés (bac+3 et plus) dans leur évolution professionnelle.",
        "audiences": ("cadres",),
        "appointments": "<p>Prise de rendez-vous en ligne sur apec.fr ou par téléphone au 0809 361 212 (service gratuit).</p>",
        "phases": "<ol><li>Entretien de diagnostic.</li><li>Ateliers et entretiens individuels de construction du projet.</li><li>Plan d’action et suivi.</li></ol>",
        "typical_duration": "2 à 4 mois",
        "remote": StructurePage.Remote.BOTH,
        "website": "https://www.apec.fr",
    },
    {
        "operator": "missions-locales",
        "title": "Missions locales",
        "summary": "Les Missions locales délivrent le CEP aux jeunes de 16 à 25 ans sortis du système scolaire.",
        "audiences": ("jeunes-de-16-a-25-ans",),
        "appointments": "<p>Sans rendez-vous aux heures d’accueil, ou sur rendez-vous auprès de la Mission locale du lieu de résidence.</p>",
        "phases": "<ol><li>Accueil et diagnostic global (emploi, logement, santé, mobilité).</li><li>Construction du projet avec un conseiller référent.</li><li>Accès à la formation ou à l’emploi, dont le Contrat d’engagement jeune.</li></ol>",
        "typical_duration": "Variable, souvent 6 mois",
        "remote": StructurePage.Remote.ON_SITE,
        "website": "https://www.unml.info",
    },
    {
        "operator": "cap-emploi",
        "title": "Cap emploi",
        "summary": "Cap emploi accompagne les personnes en situation de handicap vers l’emploi et dans leur maintien dans l’emploi.",
        "audiences": ("personnes-en-situation-de-handicap",),
        "appointments": "<p>Orientation par France Travail, la Mission locale ou la MDPH, ou prise de contact directe avec le Cap emploi du département.</p>",
        "phases": "<ol><li>Évaluation de la situation et des besoins de compensation.</li><li>Construction du projet compatible avec la santé.</li><li>Accompagnement vers l’emploi ou la formation.</li></ol>",
        "typical_duration": "3 à 9 mois",
        "remote": StructurePage.Remote.BOTH,
        "website": "https://www.capemploi.info",
    },
    {
        "operator": "operateurs-regionaux-pour-les-actifs-occupes",
        "title": "Opérateurs régionaux pour les actifs occupés",
        "summary": "Dans chaque région, un opérateur choisi par France compétences délivre le CEP aux salariés du privé et aux indépendants.",
        "audiences": ("salaries", "travailleurs-independants"),
        "appointments": "<p>Prise de rendez-vous sur mon-cep.org, par téléphone ou auprès d’un point d’accueil de la région. Le CEP est confidentiel : l’employeur n’est pas informé.</p>",
        "phases": "<ol><li>Premier entretien pour clarifier la demande.</li><li>Accompagnement personnalisé : explorer, choisir, construire.</li><li>Plan d’action et mobilisation des financements (CPF, PTP…).</li></ol>",
        "typical_duration": "1 à 6 mois",
        "remote": StructurePage.Remote.BOTH,
        "website": "https://mon-cep.org",
    },
)

ORGANISATION = {
    "france-travail": "<p>Dans chaque agence, des conseillers dédiés au CEP reçoivent les personnes orientées par leur conseiller référent ou venues d’elles-mêmes. Un premier entretien clarifie la demande ; l’accompagnement se poursuit avec le même conseiller, en agence ou à distance.</p><p>Pour orienter vers nous : passez par le conseiller référent de la personne, ou invitez-la à demander un rendez-vous CEP depuis son espace personnel.</p>",
    "apec": "<p>Les consultants de l’Apec mènent le CEP des cadres et des jeunes diplômés en entretiens individuels, complétés d’ateliers collectifs. Chaque centre régional organise un premier entretien sous dix jours.</p><p>Pour orienter vers nous : la personne prend rendez-vous en ligne ou par téléphone ; précisez-lui qu’elle peut venir avec son CV et ses questions.</p>",
    "missions-locales": "<p>Chaque Mission locale désigne un conseiller référent qui suit le jeune sur toute la durée de l’accompagnement, avec un diagnostic global (emploi, formation, logement, santé, mobilité) dès l’accueil.</p><p>Pour orienter vers nous : le jeune se présente aux heures d’accueil de la Mission locale de son lieu de résidence, ou un partenaire nous adresse une fiche de liaison.</p>",
    "cap-emploi": "<p>Les conseillers Cap emploi accompagnent le projet en tenant compte de la santé et des besoins de compensation, en lien avec la MDPH, les médecins du travail et les employeurs.</p><p>Pour orienter vers nous : France Travail ou la Mission locale prescrit l’accompagnement, ou la personne contacte directement le Cap emploi de son département.</p>",
    "operateurs-regionaux-pour-les-actifs-occupes": "<p>Dans chaque région, l’opérateur retenu par France compétences organise le CEP des salariés et des indépendants : un premier entretien de clarification, puis un accompagnement personnalisé, en présentiel ou à distance, en dehors du temps de travail si la personne le souhaite.</p><p>Pour orienter vers nous : la personne prend rendez-vous sur mon-cep.org ou par téléphone ; l’employeur n’est pas informé.</p>",
}

HOURS = {
    "france-travail": "Lundi au vendredi : 8 h 30 – 12 h 30 (sans rendez-vous)\nAprès-midi : sur rendez-vous",
    "apec": "Lundi au vendredi : 9 h – 12 h 30 et 13 h 30 – 17 h 30, sur rendez-vous",
    "missions-locales": "Lundi au vendredi : 9 h – 12 h et 13 h 30 – 17 h\nJeudi matin : fermé",
    "cap-emploi": "Lundi au vendredi : 9 h – 12 h 30 et 13 h 30 – 17 h",
    "operateurs-regionaux-pour-les-actifs-occupes": "Lundi au vendredi : 9 h – 19 h\nSamedi : 9 h – 12 h, sur rendez-vous",
}

# Local sites in every metropolitan region, written as rows of the import format
# (README: "Importer les sites locaux des structures"): the demo loads them as
# ``manage.py import_structures`` would.
# (identifier, operator, name, address, postcode, city, department, phone)
LOCAL_SITES = (
    (
        "DEMO-FT-35",
        "france-travail",
        "France Travail Rennes Centre",
        "6 rue de la Visitation",
        "35000",
        "Rennes",
        "35",
        "39 49",
    ),
    (
        "DEMO-FT-59",
        "france-travail",
        "France Travail Lille Vauban",
        "12 rue Solférino",
        "59000",
        "Lille",
        "59",
        "39 49",
    ),
    (
        "DEMO-FT-69",
        "france-travail",
        "France Travail Lyon Part-Dieu",
        "20 rue Garibaldi",
        "69003",
        "Lyon",
        "69",
        "39 49",
    ),
    (
        "DEMO-APEC-59",
        "apec",
        "Apec Lille",
        "1 place de la Gare",
        "59000",
        "Lille",
        "59",
        "0809 361 212",
    ),
    (
        "DEMO-APEC-69",
        "apec",
        "Apec Lyon",
        "40 cours Lafayette",
        "69003",
        "Lyon",
        "69",
        "0809 361 212",
    ),
    (
        "DEMO-ML-35",
        "missions-locales",
        "Mission locale du bassin rennais",
        "7 rue de Brest",
        "35000",
        "Rennes",
        "35",
        "02 99 00 00 00",
    ),
    (
        "DEMO-ML-59",
        "missions-locales",
        "Mission locale de Lille",
        "75 rue de Wazemmes",
        "59000",
        "Lille",
        "59",
        "03 20 00 00 00",
    ),
    (
        "DEMO-CE-35",
        "cap-emploi",
        "Cap emploi Ille-et-Vilaine",
        "2 avenue Janvier",
        "35000",
        "Rennes",
        "35",
        "02 99 00 00 01",
    ),
    (
        "DEMO-CE-69",
        "cap-emploi",
        "Cap emploi Rhône",
        "17 rue de Bonnel",
        "69003",
        "Lyon",
        "69",
        "04 72 00 00 00",
    ),
    (
        "DEMO-CEP-53",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "CEP actifs occupés Bretagne",
        "Points d’accueil dans les quatre départements",
        "35000",
        "Rennes",
        "35",
        "02 30 00 00 00",
    ),
    (
        "DEMO-CEP-32",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "CEP actifs occupés Hauts-de-France",
        "Points d’accueil dans les cinq départements",
        "59000",
        "Lille",
        "59",
        "03 59 00 00 00",
    ),
    (
        "DEMO-CEP-84",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "CEP actifs occupés Auvergne-Rhône-Alpes",
        "Points d’accueil dans les douze départements",
        "69003",
        "Lyon",
        "69",
        "04 82 00 00 00",
    ),
    (
        "DEMO-FT-21",
        "france-travail",
        "France Travail Dijon Clemenceau",
        "5 boulevard Clemenceau",
        "21000",
        "Dijon",
        "21",
        "39 49",
    ),
    (
        "DEMO-CEP-27",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "CEP actifs occupés Bourgogne-Franche-Comté",
        "Points d’accueil dans les huit départements",
        "25000",
        "Besançon",
        "25",
        "03 81 00 00 00",
    ),
    (
        "DEMO-FT-45",
        "france-travail",
        "France Travail Orléans Madeleine",
        "18 rue de la Madeleine",
        "45000",
        "Orléans",
        "45",
        "39 49",
    ),
    (
        "DEMO-ML-37",
        "missions-locales",
        "Mission locale de Touraine",
        "9 rue de la Préfecture",
        "37000",
        "Tours",
        "37",
        "02 47 00 00 00",
    ),
    (
        "DEMO-FT-2A",
        "france-travail",
        "France Travail Ajaccio",
        "3 cours Napoléon",
        "20000",
        "Ajaccio",
        "2A",
        "39 49",
    ),
    (
        "DEMO-ML-2B",
        "missions-locales",
        "Mission locale de Haute-Corse",
        "12 boulevard Paoli",
        "20200",
        "Bastia",
        "2B",
        "04 95 00 00 00",
    ),
    (
        "DEMO-FT-67",
        "france-travail",
        "France Travail Strasbourg Gare",
        "10 place de la Gare",
        "67000",
        "Strasbourg",
        "67",
        "39 49",
    ),
    (
        "DEMO-CE-57",
        "cap-emploi",
        "Cap emploi Moselle",
        "24 rue Serpenoise",
        "57000",
        "Metz",
        "57",
        "03 87 00 00 00",
    ),
    (
        "DEMO-FT-75",
        "france-travail",
        "France Travail Paris 11e",
        "42 rue de la Roquette",
        "75011",
        "Paris",
        "75",
        "39 49",
    ),
    (
        "DEMO-APEC-75",
        "apec",
        "Apec Paris",
        "51 boulevard Brune",
        "75014",
        "Paris",
        "75",
        "0809 361 212",
    ),
    (
        "DEMO-ML-93",
        "missions-locales",
        "Mission locale de Saint-Denis",
        "8 rue de la République",
        "93200",
        "Saint-Denis",
        "93",
        "01 48 00 00 00",
    ),
    (
        "DEMO-CE-92",
        "cap-emploi",
        "Cap emploi Hauts-de-Seine",
        "30 rue Salvador-Allende",
        "92000",
        "Nanterre",
        "92",
        "01 47 00 00 00",
    ),
    (
        "DEMO-CEP-11",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "CEP actifs occupés Île-de-France",
        "Points d’accueil dans les huit départements",
        "75012",
        "Paris",
        "75",
        "01 85 00 00 00",
    ),
    (
        "DEMO-FT-76",
        "france-travail",
        "France Travail Rouen Saint-Sever",
        "1 rue Saint-Julien",
        "76100",
        "Rouen",
        "76",
        "39 49",
    ),
    (
        "DEMO-ML-14",
        "missions-locales",
        "Mission locale de Caen",
        "16 rue de Bretagne",
        "14000",
        "Caen",
        "14",
        "02 31 00 00 00",
    ),
    (
        "DEMO-FT-33",
        "france-travail",
        "France Travail Bordeaux Mériadeck",
        "7 rue du Château-d’Eau",
        "33000",
        "Bordeaux",
        "33",
        "39 49",
    ),
    (
        "DEMO-APEC-33",
        "apec",
        "Apec Bordeaux",
        "14 cours de l’Intendance",
        "33000",
        "Bordeaux",
        "33",
        "0809 361 212",
    ),
    (
        "DEMO-FT-31",
        "france-travail",
        "France Travail Toulouse Compans",
        "2 rue du Caffarelli",
        "31000",
        "Toulouse",
        "31",
        "39 49",
    ),
    (
        "DEMO-CE-34",
        "cap-emploi",
        "Cap emploi Hérault",
        "11 avenue de Toulouse",
        "34000",
        "Montpellier",
        "34",
        "04 67 00 00 00",
    ),
    (
        "DEMO-FT-44",
        "france-travail",
        "France Travail Nantes Centre",
        "4 rue de Strasbourg",
        "44000",
        "Nantes",
        "44",
        "39 49",
    ),
    (
        "DEMO-ML-49",
        "missions-locales",
        "Mission locale angevine",
        "35 boulevard du Roi-René",
        "49100",
        "Angers",
        "49",
        "02 41 00 00 00",
    ),
    (
        "DEMO-FT-13",
        "france-travail",
        "France Travail Marseille Saint-Charles",
        "23 boulevard d’Athènes",
        "13001",
        "Marseille",
        "13",
        "39 49",
    ),
    (
        "DEMO-CEP-93",
        "operateurs-regionaux-pour-les-actifs-occupes",
        "CEP actifs occupés Provence-Alpes-Côte d’Azur",
        "Points d’accueil dans les six départements",
        "13001",
        "Marseille",
        "13",
        "04 91 00 00 00",
    ),
)


def local_site_rows():
    """The demo's local sites as rows of the import format: ``(line, {column: value})``."""
    return [
        (
            number,
            {
                "identifiant": identifier,
                "reseau": operator,
                "nom": title,
                "adresse": address,
                "code_postal": postcode,
                "commune": city,
                "code_departement": department,
                "telephone": phone,
                "horaires": HOURS[operator],
            },
        )
        for number, (
            identifier,
            operator,
            title,
            address,
            postcode,
            city,
            department,
            phone,
        ) in enumerate(LOCAL_SITES, start=2)
    ]


def load(home, stdout, publisher=None):
    index, _created = StructureIndexPage.ensure_under(home)
    operators = Operator.objects.in_bulk(field_name="slug")
    audiences = Audience.objects.in_bulk(field_name="slug")
    existing = set(StructurePage.objects.values_list("slug", flat=True))
    created = 0
    for data in OPERATORS:
        slug = data["operator"]
        if slug in existing:
            page = StructurePage.objects.get(slug=slug)
            if not page.cep_organisation:
                # Written before the pages said how each network organises the CEP.
                page.cep_organisation = ORGANISATION[slug]
                page.save_revision(user=publisher).publish(user=publisher)
            continue
        page = StructurePage(
            title=data["title"],
            slug=slug,
            operator=operators[slug],
            summary=data["summary"],
            appointments=data["appointments"],
            phases=data["phases"],
            cep_organisation=ORGANISATION[slug],
            typical_duration=data["typical_duration"],
            remote=data["remote"],
            website=data["website"],
        )
        page.audiences = [audiences[a] for a in data["audiences"]]
        publish_child(index, page, user=publisher)
        created += 1
    # Sites loaded before they carried an identifier are matched by their address (slug).
    for identifier, _operator, title, *_rest in LOCAL_SITES:
        invalidation.update(
            StructurePage.objects.filter(slug=slugify(title), external_id=""),
            external_id=identifier,
        )
    result = import_local_sites(local_site_rows(), user=publisher)
    if result.errors:
        raise ValueError(f"Demo local sites: {result.errors}")
    created += result.created
    stdout.write(f"Structures : {created} page(s) créée(s).")
    return index
