"""Demo paths: three real paths for the skills the CEP asks of counsellors.

Idempotent: paths are matched by slug. Each step points to a piece of the demo (a video by its
UODC id, a tool or a fiche by its title, a forum discussion by its subject); a piece missing from
the database is left out.
"""

from django.utils.text import slugify
from machina.core.db.models import get_model

from cms.offers.models import OfferPage
from cms.publishing import publish_child
from cms.toolbox.models import ToolPage
from cms.videos.models import VideoPage

from .models import PathIndexPage, PathPage, PathStep

# (title, duration, introduction, [(step title, text, (kind, key)), …]);
# kind: "video" (UODC id), "tool" (title), "offer" (title), "topic" (subject).
PATHS = (
    (
        "Adopter une posture d’écoute et rester neutre",
        "2 heures",
        "Le CEP demande un changement de posture : accompagner la personne vers ses propres choix "
        "plutôt que lui apporter une réponse toute faite. Ce parcours part du cadre du CEP, "
        "travaille l’écoute active et la neutralité quand la personne attend une décision "
        "immédiate, puis la manière dont une structure organise ses premiers entretiens.",
        [
            (
                "Situer l’entretien dans les trois temps du CEP",
                "Regardez comment annoncer les trois temps dès le premier rendez-vous : la "
                "personne sait où elle va et garde la main sur la suite.",
                ("video", "cep-trois-temps"),
            ),
            (
                "Écouter sans conseiller trop vite",
                "Notez les trois techniques de la vidéo (reformuler, questionner, laisser du "
                "silence) et essayez-en une dès votre prochain entretien.",
                ("video", "ecoute-active"),
            ),
            (
                "Quand la personne attend qu’on décide à sa place",
                "Lisez comment des pairs remettent la personne en position d’acteur sans la "
                "brusquer, et ajoutez votre pratique à la discussion.",
                ("topic", "Quand la personne attend qu’on décide à sa place"),
            ),
            (
                "S’entraîner à l’entretien motivationnel",
                "Une formation de deux jours pour ancrer la posture : regardez ses conditions "
                "d’accès et son financement.",
                ("offer", "Se former à l’entretien motivationnel"),
            ),
            (
                "Organiser le premier rendez-vous dans sa structure",
                "Durée, trace écrite, deuxième rendez-vous rapproché : comparez l’organisation "
                "de votre structure à celle des autres opérateurs.",
                ("topic", "Premier rendez-vous : combien de temps y consacrez-vous ?"),
            ),
            (
                "Formaliser le projet avec la personne",
                "Une synthèse d’une page, co-rédigée pendant le dernier rendez-vous : voyez les "
                "trames que partagent les conseillers.",
                ("topic", "Formaliser le projet : vos trames de synthèse"),
            ),
        ],
    ),
    (
        "Accompagner les publics fragiles",
        "3 heures",
        "Personnes en précarité, sans accès au numérique, peu qualifiées ou en situation de "
        "handicap : repérer les freins sans sortir de son rôle, orienter vers les bons "
        "partenaires et s’appuyer sur les outils qui valorisent les compétences de chacun.",
        [
            (
                "Repérer les freins périphériques",
                "Logement, mobilité, santé : la vidéo montre comment les repérer et garder le "
                "fil du projet professionnel.",
                ("video", "precarite-accompagner"),
            ),
            (
                "Une fragilité psychologique : jusqu’où aller ?",
                "Écouter, ne pas minimiser, orienter : lisez le protocole que partagent des "
                "conseillers, sans citer aucune situation identifiable.",
                ("topic", "Repérer une fragilité psychologique sans sortir de son rôle"),
            ),
            (
                "Mobiliser le CPF sans accès au numérique",
                "Identité numérique, conseillers numériques France Services, démarche faite "
                "ensemble en rendez-vous : les solutions des pairs.",
                ("topic", "Personnes sans accès au numérique : comment faire le CPF ?"),
            ),
            (
                "Certifier le socle de compétences avec CléA",
                "Présentez CléA à une personne peu ou pas diplômée : l’évaluation préalable la "
                "situe, une formation ciblée complète si besoin, et le certificat est éligible au "
                "CPF. Repérez l’organisme habilité le plus proche.",
                ("tool", "Certificat CléA"),
            ),
            (
                "Préparer l’entrée en formation",
                "Une remise à niveau en français et en mathématiques avant une formation "
                "qualifiante : vérifiez qui peut y accéder dans votre région.",
                ("offer", "Remise à niveau en français et mathématiques"),
            ),
            (
                "Lever les freins financiers avec Mes aides",
                "Avec un demandeur d’emploi, cherchez ensemble sur Mes aides les aides à la "
                "mobilité, à la garde d’enfants ou au matériel qui rendent la reprise d’emploi "
                "ou l’entrée en formation possible ; notez celles à demander depuis son espace "
                "personnel.",
                ("tool", "Mes aides — France Travail"),
            ),
            (
                "Reprendre un emploi après une longue interruption",
                "Valoriser les compétences acquises hors emploi et lever les appréhensions.",
                ("video", "reprise-emploi"),
            ),
        ],
    ),
    (
        "Maîtriser les outils du conseiller",
        "2 heures 30",
        "Les services en ligne que les conseillers utilisent chaque jour avec les personnes : "
        "droits à la formation, choix d’une formation selon ses débouchés, aides, certification "
        "des compétences de base. Chaque étape se fait outil ouvert, sur un cas réel ou fictif.",
        [
            (
                "Tour d’horizon des outils numériques",
                "La vidéo présente les outils du quotidien ; listez ceux que vous n’utilisez pas "
                "encore.",
                ("video", "outils-numeriques"),
            ),
            (
                "Mon Compte Formation",
                "Consultez des droits fictifs, cherchez une formation éligible et repérez où "
                "l’abondement de l’employeur se demande.",
                ("tool", "Mon Compte Formation"),
            ),
            (
                "Comparer les formations avec La Bonne Formation",
                "Pour un projet donné, comparez trois formations proches : taux de retour à "
                "l’emploi des anciens stagiaires, durée, financements possibles selon la "
                "situation de la personne.",
                ("tool", "La Bonne Formation"),
            ),
            (
                "Connaître les débouchés avec InserJeunes",
                "Avec un jeune qui hésite entre deux CAP ou deux BTS, consultez les taux "
                "d’insertion dans l’emploi et de poursuite d’études de chaque formation et de "
                "chaque établissement avant qu’il ne choisisse.",
                ("tool", "InserJeunes"),
            ),
            (
                "Trouver les aides avec Mes aides",
                "Faites la recherche pour un demandeur d’emploi qui entre en formation : aides à "
                "la formation, à la mobilité, et aides des partenaires de sa région.",
                ("tool", "Mes aides — France Travail"),
            ),
            (
                "Évaluer le socle avec CléA",
                "Repérez quand proposer CléA ou CléA numérique, et comment le financer par le CPF.",
                ("tool", "Certificat CléA"),
            ),
            (
                "Se former aux outils numériques du conseiller",
                "Une formation pour prendre en main les outils de diagnostic et d’exploration "
                "des métiers.",
                ("offer", "Outils numériques du conseiller CEP"),
            ),
            (
                "Explorer les métiers avec un public jeune",
                "Immersions, enquêtes métiers : ce que les pairs utilisent avec les jeunes.",
                ("topic", "Quels outils pour explorer les métiers avec un public jeune ?"),
            ),
        ],
    ),
)


def _pieces():
    """The demo's pieces a step may point to, by kind and key."""
    Topic = get_model("forum_conversation", "Topic")
    return {
        "video": {video.slug: video for video in VideoPage.objects.all()},
        "tool": {tool.title: tool for tool in ToolPage.objects.all()},
        "offer": {offer.title: offer for offer in OfferPage.objects.all()},
        "topic": {topic.subject: topic for topic in Topic.objects.all()},
    }


def load(home, stdout, publisher=None):
    index, _created = PathIndexPage.ensure_under(home)
    existing = set(PathPage.objects.child_of(index).values_list("slug", flat=True))
    pieces = _pieces()
    created = 0
    for title, duration, introduction, steps in PATHS:
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        path = PathPage(title=title, slug=slug, duration=duration, introduction=introduction)
        path.steps = [
            PathStep(
                title=step_title,
                text=text,
                sort_order=order,
                page=None if kind == "topic" else pieces[kind].get(key),
                topic=pieces["topic"].get(key) if kind == "topic" else None,
            )
            for order, (step_title, text, (kind, key)) in enumerate(steps)
            if key in pieces[kind]
        ]
        publish_child(index, path, user=publisher)
        created += 1
    stdout.write(f"Parcours : {created} créé(s).")
