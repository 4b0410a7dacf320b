"""Demo structures: the five operators and local sites in the three pilot regions. Idempotent."""

from django.utils.text import slugify

from cms.publishing import publish_child
from cms.taxonomies.models import Audience, Operator, Region

from .models import StructureIndexPage, StructurePage

PILOT_REGIONS = ("bretagne", "hauts-de-france", "auvergne-rhone-alpes")

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

LOCAL_SITES = (
    (
        "france-travail",
        "bretagne",
        "France Travail Rennes Centre",
        "6 rue de la Visitation, 35000 Rennes",
        "39 49",
    ),
    (
        "france-travail",
        "hauts-de-france",
        "France Travail Lille Vauban",
        "12 rue Solférino, 59000 Lille",
        "39 49",
    ),
    (
        "france-travail",
        "auvergne-rhone-alpes",
        "France Travail Lyon Part-Dieu",
        "20 rue Garibaldi, 69003 Lyon",
        "39 49",
    ),
    ("apec", "hauts-de-france", "Apec Lille", "1 place de la Gare, 59000 Lille", "0809 361 212"),
    ("apec", "auvergne-rhone-alpes", "Apec Lyon", "40 cours Lafayette, 69003 Lyon", "0809 361 212"),
    (
        "missions-locales",
        "bretagne",
        "Mission locale du bassin rennais",
        "7 rue de Brest, 35000 Rennes",
        "02 99 00 00 00",
    ),
    (
        "missions-locales",
        "hauts-de-france",
        "Mission locale de Lille",
        "75 rue de Wazemmes, 59000 Lille",
        "03 20 00 00 00",
    ),
    (
        "cap-emploi",
        "bretagne",
        "Cap emploi Ille-et-Vilaine",
        "2 avenue Janvier, 35000 Rennes",
        "02 99 00 00 01",
    ),
    (
        "cap-emploi",
        "auvergne-rhone-alpes",
        "Cap emploi Rhône",
        "17 rue de Bonnel, 69003 Lyon",
        "04 72 00 00 00",
    ),
    (
        "operateurs-regionaux-pour-les-actifs-occupes",
        "bretagne",
        "CEP actifs occupés Bretagne",
        "Points d’accueil dans les quatre départements",
        "02 30 00 00 00",
    ),
    (
        "operateurs-regionaux-pour-les-actifs-occupes",
        "hauts-de-france",
        "CEP actifs occupés Hauts-de-France",
        "Points d’accueil dans les cinq départements",
        "03 59 00 00 00",
    ),
    (
        "operateurs-regionaux-pour-les-actifs-occupes",
        "auvergne-rhone-alpes",
        "CEP actifs occupés Auvergne-Rhône-Alpes",
        "Points d’accueil dans les douze départements",
        "04 82 00 00 00",
    ),
)


def load(home, stdout, publisher=None):
    index, _created = StructureIndexPage.ensure_under(home)
    operators = Operator.objects.in_bulk(field_name="slug")
    audiences = Audience.objects.in_bulk(field_name="slug")
    regions = Region.objects.in_bulk(field_name="slug")
    existing = set(StructurePage.objects.values_list("slug", flat=True))
    created = 0
    national_pages = {}
    for data in OPERATORS:
        slug = data["operator"]
        if slug in existing:
            national_pages[slug] = StructurePage.objects.get(slug=slug)
            continue
        page = StructurePage(
            title=data["title"],
            slug=slug,
            operator=operators[slug],
            summary=data["summary"],
            appointments=data["appointments"],
            phases=data["phases"],
            typical_duration=data["typical_duration"],
            remote=data["remote"],
            website=data["website"],
        )
        page.audiences = [audiences[a] for a in data["audiences"]]
        publish_child(index, page, user=publisher)
        national_pages[slug] = page
        created += 1
    for operator_slug, region_slug, title, address, phone in LOCAL_SITES:
        parent = national_pages[operator_slug]
        page = StructurePage(
            title=title,
            operator=operators[operator_slug],
            summary=f"Le CEP de {parent.title} en {regions[region_slug].name}.",
            appointments=parent.appointments,
            typical_duration=parent.typical_duration,
            remote=parent.remote,
            address=address,
            phone=phone,
        )
        page.slug = slugify(title)
        if page.slug in existing:
            continue
        page.audiences = list(parent.audiences.all())
        page.regions = [regions[region_slug]]
        publish_child(parent, page, user=publisher)
        created += 1
    stdout.write(f"Structures : {created} page(s) créée(s).")
    return index
