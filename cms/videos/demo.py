"""Demo video library: UODC-like capsules with French transcripts, two playlists, two partners.

Idempotent: videos and playlists are matched by slug, thumbnails by title, partners by name.
The addresses follow the UODC rule of COMCEP_VIDEO_PLAYER_RULES; nothing is fetched while loading,
and the player itself only loads when a visitor presses play.
"""

import colorsys
from datetime import timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from cms.publishing import publish_child
from cms.taxonomies.models import Audience, Theme

from .models import Partner, PlaylistItem, PlaylistPage, VideoIndexPage, VideoPage

# (title, UODC id, duration "m:ss", description, themes, audiences, transcript paragraphs, chapters)
VIDEOS = (
    (
        "Les trois temps du conseil en évolution professionnelle",
        "cep-trois-temps",
        "6:40",
        "Accueil individualisé, conseil personnalisé, accompagnement à la mise en œuvre : ce que recouvre chaque niveau du CEP et comment l’annoncer à la personne.",
        ["posture-daccompagnement", "outils-du-conseiller"],
        [],
        [
            "Bonjour. Le conseil en évolution professionnelle se déroule en trois temps, que la personne peut arrêter à tout moment.",
            "Le premier temps, l’accueil individualisé, permet d’analyser la demande et de situer la personne. Le deuxième, le conseil personnalisé, construit avec elle un projet. Le troisième accompagne la mise en œuvre : formation, financement, démarches.",
            "Annoncez ces trois temps dès le premier entretien : la personne sait où elle va et garde la main sur la suite.",
        ],
        [
            ("00:00", "Introduction"),
            ("01:10", "L’accueil individualisé"),
            ("03:05", "Le conseil personnalisé"),
            ("05:00", "La mise en œuvre"),
        ],
    ),
    (
        "Mobiliser le CPF avec la personne accompagnée",
        "cpf-mobiliser",
        "4:15",
        "Consulter les droits, choisir une formation éligible et compléter le financement : la démarche pas à pas sur Mon Compte Formation.",
        ["financement", "formation"],
        ["salaries", "demandeurs-demploi"],
        [
            "Le compte personnel de formation est alimenté chaque année. La personne consulte ses droits sur Mon Compte Formation avec son identité numérique.",
            "Avec elle, vérifiez que la formation visée est éligible, puis regardez le reste à charge. Un abondement de l’employeur, de France Travail ou de la région peut compléter.",
            "Depuis 2024, une participation forfaitaire est demandée, sauf exceptions comme les demandeurs d’emploi.",
        ],
        [
            ("00:00", "Consulter ses droits"),
            ("01:45", "Choisir une formation"),
            ("03:10", "Compléter le financement"),
        ],
    ),
    (
        "Préparer un projet de transition professionnelle",
        "ptp-preparer",
        "8:30",
        "Conditions d’ancienneté, positionnement préalable, dossier auprès de Transitions Pro : les étapes d’un PTP réussi.",
        ["reconversion", "financement"],
        ["salaries"],
        [
            "Le projet de transition professionnelle permet à un salarié de suivre une formation certifiante pour changer de métier, en conservant sa rémunération.",
            "Il faut en général vingt-quatre mois d’ancienneté, dont douze dans l’entreprise. Le positionnement préalable par l’organisme de formation ajuste la durée du parcours.",
            "Le dossier est déposé auprès de Transitions Pro de la région. Le conseiller CEP aide à argumenter le projet : marché du travail, motivation, faisabilité.",
        ],
        [
            ("00:00", "Qui peut en bénéficier"),
            ("02:20", "Le positionnement préalable"),
            ("05:15", "Le dossier Transitions Pro"),
        ],
    ),
    (
        "La VAE en cinq minutes",
        "vae-cinq-minutes",
        "5:05",
        "Faire reconnaître son expérience par une certification : recevabilité, accompagnement, jury. Ce qui a changé avec France VAE.",
        ["validation-des-acquis"],
        ["salaries", "demandeurs-demploi", "travailleurs-independants"],
        [
            "La validation des acquis de l’expérience permet d’obtenir tout ou partie d’une certification grâce à son expérience, salariée, bénévole ou syndicale.",
            "La plateforme France VAE centralise désormais les démarches : choix de la certification, recevabilité, accompagnement par un architecte accompagnateur de parcours.",
            "Le jury évalue le dossier et l’entretien. En cas de validation partielle, la personne peut compléter par une formation.",
        ],
        [],
    ),
    (
        "Écouter sans conseiller trop vite",
        "ecoute-active",
        "7:20",
        "Reformuler, questionner, laisser du silence : rester dans une posture neutre quand la personne attend une réponse immédiate.",
        ["posture-daccompagnement", "publics-fragiles"],
        [],
        [
            "Beaucoup de personnes arrivent avec une demande d’information précise et veulent une réponse tout de suite.",
            "Avant de répondre, reformulez : « Si je comprends bien, vous souhaitez… ». La reformulation montre que vous avez entendu et invite la personne à préciser.",
            "Accepter un temps de silence, c’est laisser la personne penser. La réponse que vous donnerez ensuite sera plus juste.",
        ],
        [("00:00", "La tentation de répondre"), ("02:30", "Reformuler"), ("05:10", "Le silence")],
    ),
    (
        "Accompagner une personne en situation de précarité",
        "precarite-accompagner",
        "9:45",
        "Repérer les freins périphériques (logement, mobilité, santé), orienter vers les bons partenaires et garder le fil du projet professionnel.",
        ["publics-fragiles", "retour-a-lemploi"],
        ["demandeurs-demploi", "jeunes-de-16-a-25-ans"],
        [
            "Quand une personne vit une situation de précarité, le projet professionnel ne peut pas être abordé seul.",
            "Repérez les freins périphériques : logement, mobilité, santé, garde d’enfants. Orientez vers les partenaires sociaux du territoire sans perdre le fil du projet.",
            "Fixez de petits objectifs atteignables : ils redonnent confiance et permettent d’avancer pas à pas.",
        ],
        [
            ("00:00", "Les freins périphériques"),
            ("04:00", "Orienter vers les partenaires"),
            ("07:30", "Des objectifs atteignables"),
        ],
    ),
    (
        "Créer son entreprise : les aides ACRE et ARCE",
        "creation-acre-arce",
        "6:05",
        "Exonération de charges, versement en capital des allocations : comparer les deux aides et les cumuler quand c’est possible.",
        ["creation-dentreprise", "financement"],
        ["demandeurs-demploi", "travailleurs-independants"],
        [
            "L’ACRE exonère partiellement de cotisations sociales pendant la première année d’activité.",
            "L’ARCE verse sous forme de capital une partie des allocations chômage restantes, en deux fois. Elle remplace le maintien mensuel des allocations.",
            "Comparez avec la personne : le capital sécurise le démarrage, le maintien des allocations sécurise les revenus.",
        ],
        [],
    ),
    (
        "Le bilan de compétences, pour qui et comment",
        "bilan-de-competences",
        "5:50",
        "Les trois phases du bilan, sa durée, son financement par le CPF, et comment l’articuler avec le CEP.",
        ["reconversion", "outils-du-conseiller"],
        ["salaries", "cadres"],
        [
            "Le bilan de compétences aide à analyser ses compétences, aptitudes et motivations pour définir un projet professionnel.",
            "Il comprend une phase préliminaire, une phase d’investigation et une phase de conclusion, pour vingt-quatre heures au plus.",
            "Il peut être financé par le CPF. Le CEP aide à décider si un bilan est utile et à choisir un prestataire.",
        ],
        [
            ("00:00", "À quoi sert un bilan"),
            ("02:00", "Les trois phases"),
            ("04:30", "Le financement"),
        ],
    ),
    (
        "Accompagner les jeunes avec la Mission locale",
        "jeunes-mission-locale",
        "4:40",
        "Le Contrat d’engagement jeune, l’accompagnement global et les relais avec le CEP pour les 16-25 ans.",
        ["retour-a-lemploi", "posture-daccompagnement"],
        ["jeunes-de-16-a-25-ans"],
        [
            "Les Missions locales accompagnent les jeunes de seize à vingt-cinq ans sur l’emploi, la formation, mais aussi la santé et le logement.",
            "Le Contrat d’engagement jeune propose un accompagnement intensif avec une allocation, sous conditions.",
            "Le conseiller CEP d’une Mission locale s’appuie sur cet accompagnement global pour construire le projet professionnel.",
        ],
        [],
    ),
    (
        "Maintien dans l’emploi et handicap",
        "handicap-maintien-emploi",
        "7:05",
        "Aménagement de poste, compensation, rôle de Cap emploi et des référents handicap : prévenir la désinsertion professionnelle.",
        ["handicap-et-emploi"],
        ["personnes-en-situation-de-handicap", "salaries"],
        [
            "Quand une situation de santé menace l’emploi, plus l’action est précoce, plus le maintien a de chances de réussir.",
            "Cap emploi accompagne la personne et l’employeur : aménagement du poste, aides techniques, formation.",
            "Le conseiller CEP peut aider à envisager une reconversion quand le maintien au poste n’est plus possible.",
        ],
        [
            ("00:00", "Agir tôt"),
            ("02:40", "Le rôle de Cap emploi"),
            ("05:20", "Envisager une reconversion"),
        ],
    ),
    (
        "Les outils numériques du conseiller CEP",
        "outils-numeriques",
        "11:10",
        "Tour d’horizon des outils utiles au quotidien : Mon Compte Formation, l’offre des Carif-Oref, les fiches métiers et le diagnostic territorial.",
        ["outils-du-conseiller", "formation"],
        [],
        [
            "Le conseiller CEP s’appuie sur des outils numériques publics, gratuits et mis à jour.",
            "L’offre de formation régionale est publiée par les Carif-Oref. Les fiches métiers décrivent les activités, les accès et les débouchés.",
            "Les données territoriales sur l’emploi aident à confronter un projet au marché du travail local.",
        ],
        [
            ("00:00", "Mon Compte Formation"),
            ("03:30", "L’offre des Carif-Oref"),
            ("06:40", "Les fiches métiers"),
            ("09:00", "Le diagnostic territorial"),
        ],
    ),
    (
        "Transitions collectives : anticiper les mutations",
        "transitions-collectives",
        "6:25",
        "Comment le dispositif Transitions collectives permet à des salariés d’emplois fragilisés de se reconvertir vers des métiers porteurs du territoire.",
        ["reconversion", "financement"],
        ["salaries"],
        [
            "Transitions collectives permet à un employeur d’anticiper les mutations en proposant à ses salariés volontaires une reconversion.",
            "La formation est financée et la rémunération maintenue. Le projet vise un métier porteur identifié sur le territoire.",
            "Le CEP accompagne chaque salarié dans la construction de son projet.",
        ],
        [],
    ),
    (
        "Accueillir un cadre en questionnement",
        "cadres-questionnement",
        "5:35",
        "Quête de sens, envie d’indépendance, perte d’emploi : les situations fréquentes chez les cadres et les ressources de l’Apec.",
        ["posture-daccompagnement", "reconversion"],
        ["cadres"],
        [
            "Les cadres qui consultent le CEP expriment souvent une quête de sens ou un désir d’autonomie.",
            "Aidez la personne à distinguer ce qu’elle fuit de ce qu’elle recherche. Les ateliers de l’Apec complètent l’entretien.",
            "L’objectif n’est pas de valider une idée, mais de construire un projet réaliste.",
        ],
        [],
    ),
    (
        "Reprendre un emploi après une longue interruption",
        "reprise-emploi",
        "8:05",
        "Valoriser les compétences acquises hors emploi, lever les appréhensions et préparer le retour en entreprise.",
        ["retour-a-lemploi", "publics-fragiles"],
        ["demandeurs-demploi"],
        [
            "Après une longue interruption, la personne doute souvent de ses compétences.",
            "Faites l’inventaire des compétences acquises hors emploi : vie associative, aidance, projets personnels.",
            "Une immersion en entreprise ou une préparation opérationnelle à l’emploi facilite le retour.",
        ],
        [
            ("00:00", "Les doutes"),
            ("03:00", "L’inventaire des compétences"),
            ("06:00", "L’immersion"),
        ],
    ),
    (
        "Agents publics : mobilité et évolution professionnelle",
        "agents-publics-mobilite",
        "4:55",
        "Le CEP pour les agents des trois fonctions publiques : conseillers mobilité-carrière, congé de transition professionnelle, CPF public.",
        ["reconversion", "formation"],
        ["agents-publics"],
        [
            "Les agents publics ont aussi droit au conseil en évolution professionnelle.",
            "Les conseillers mobilité-carrière de leur administration les accompagnent. Le CPF public et le congé de transition professionnelle financent les projets.",
            "Un projet de mobilité peut viser une autre fonction publique ou le secteur privé.",
        ],
        [],
    ),
    (
        "Pro-A : la reconversion par l’alternance",
        "pro-a",
        "3:50",
        "Changer de métier ou progresser sans quitter son entreprise grâce à l’alternance : conditions et branches concernées.",
        ["formation", "reconversion"],
        ["salaries"],
        [
            "La reconversion ou promotion par alternance, Pro-A, permet à un salarié de se former en alternance tout en restant dans son entreprise.",
            "Elle concerne les salariés dont la qualification est inférieure à la licence, pour des certifications définies par la branche.",
            "L’opérateur de compétences finance la formation.",
        ],
        [],
    ),
)

PLAYLISTS = (
    (
        "Se former aux outils du CEP",
        "Un parcours pour prendre en main les outils et les dispositifs du quotidien.",
        [
            "cep-trois-temps",
            "outils-numeriques",
            "cpf-mobiliser",
            "bilan-de-competences",
            "vae-cinq-minutes",
        ],
    ),
    (
        "Accompagner les publics fragiles",
        "Posture, écoute et partenaires : des repères pour les situations difficiles.",
        ["ecoute-active", "precarite-accompagner", "reprise-emploi", "handicap-maintien-emploi"],
    ),
)

PARTNERS = (
    (
        "Intranet des conseillers France Travail (démo)",
        "https://intranet.francetravail.example",
        "Équipe intranet",
        "intranet@francetravail.example",
    ),
    (
        "Carif-Oref Occitanie (démo)",
        "https://www.carif-oref-occitanie.example\nhttps://ressources.carif-oref-occitanie.example",
        "Service documentation",
        "documentation@carif-oref-occitanie.example",
    ),
)


def parse_duration(text):
    minutes, seconds = text.split(":")
    return timedelta(minutes=int(minutes), seconds=int(seconds))


def transcript_html(paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def thumbnail(title, position):
    """A plain coloured 16:9 picture, made once per video (no download)."""
    Image = get_image_model()
    name = f"Vignette — {title}"
    existing = Image.objects.filter(title=name).first()
    if existing:
        return existing
    red, green, blue = (
        int(channel * 255) for channel in colorsys.hsv_to_rgb((position * 0.13) % 1, 0.55, 0.55)
    )
    picture = PillowImage.new("RGB", (640, 360), (red, green, blue))
    draw = ImageDraw.Draw(picture)
    draw.polygon([(290, 140), (290, 220), (360, 180)], fill=(255, 255, 255))
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title=name, file=ImageFile(buffer, name=f"vignette-{position:02d}.png"))
    image.save()
    return image


def load(home, stdout, publisher=None):
    index, _created = VideoIndexPage.ensure_under(home)
    themes = Theme.objects.in_bulk(field_name="slug")
    audiences = Audience.objects.in_bulk(field_name="slug")
    existing = set(VideoPage.objects.child_of(index).values_list("slug", flat=True))
    created = 0
    for position, (
        title,
        uodc_id,
        duration,
        description,
        theme_slugs,
        audience_slugs,
        transcript,
        chapters,
    ) in enumerate(VIDEOS, start=1):
        slug = slugify(uodc_id)
        if slug in existing:
            continue
        video = VideoPage(
            title=title,
            slug=slug,
            source_url=f"https://www.uodc.fr/capsules/{uodc_id}",
            description=description,
            duration=parse_duration(duration),
            transcript=transcript_html(transcript),
            chapters=[("chapter", {"start": start, "title": name}) for start, name in chapters],
            thumbnail=thumbnail(title, position),
        )
        video.themes = [themes[s] for s in theme_slugs if s in themes]
        video.audiences = [audiences[s] for s in audience_slugs if s in audiences]
        publish_child(index, video, user=publisher)
        created += 1
    stdout.write(f"Vidéos : {created} créée(s).")

    videos = {video.slug: video for video in VideoPage.objects.child_of(index)}
    created = 0
    for title, introduction, slugs in PLAYLISTS:
        if PlaylistPage.objects.child_of(index).filter(slug=slugify(title)).exists():
            continue
        playlist = PlaylistPage(title=title, slug=slugify(title), introduction=introduction)
        playlist.items = [
            PlaylistItem(video=videos[slug], sort_order=order)
            for order, slug in enumerate(slugs)
            if slug in videos
        ]
        publish_child(index, playlist, user=publisher)
        created += 1
    stdout.write(f"Parcours vidéo : {created} créé(s).")

    created = 0
    for name, origins, contact_name, contact_email in PARTNERS:
        _partner, was_created = Partner.objects.get_or_create(
            name=name,
            defaults={
                "origins": origins,
                "contact_name": contact_name,
                "contact_email": contact_email,
            },
        )
        created += was_created
    stdout.write(f"Partenaires : {created} créé(s).")
    return index
