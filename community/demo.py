"""French demo content for the community: accounts, the first rubrics and a few discussions.

Every function is idempotent: what already exists is left as it is.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from machina.core.db.models import get_model

from community.accounts.roles import MODERATORS_GROUP, apply_forum_permissions

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

DEMO_PASSWORD = "ComCep-demo-2026"  # noqa: S105 -- demo accounts only, printed on purpose


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    display_name: str
    email: str
    role: str
    is_staff: bool = False
    groups: tuple = ()


DEMO_ACCOUNTS = (
    DemoAccount(
        "editrice",
        "Claire",
        "Dubois",
        "Claire D. (Centre Inffo)",
        "claire.dubois@centre-inffo.example",
        "éditrice (administration Wagtail)",
        is_staff=True,
        groups=("Moderators",),
    ),
    DemoAccount(
        "moderateur",
        "Karim",
        "Benali",
        "Karim B. (modération)",
        "karim.benali@comcep.example",
        "modérateur du forum",
        groups=(MODERATORS_GROUP,),
    ),
    DemoAccount(
        "sophie",
        "Sophie",
        "Martin",
        "Sophie M. (France Travail)",
        "sophie.martin@francetravail.example",
        "conseillère CEP, France Travail",
    ),
    DemoAccount(
        "julien",
        "Julien",
        "Leroy",
        "Julien L. (Apec)",
        "julien.leroy@apec.example",
        "conseiller CEP, Apec",
    ),
)

# Categories and their forums, as the pilot group described their needs.
RUBRICS = (
    (
        "Pratiquer le CEP",
        "Le cœur du métier : accueillir, accompagner, outiller.",
        (
            (
                "Accueil et posture",
                "Rester dans l’écoute quand la personne attend une réponse immédiate.",
            ),
            (
                "Publics fragiles",
                "Fragilité psychologique, précarité, faible qualification, manque d’autonomie.",
            ),
            ("Outils et méthodes", "Les outils du CEP et comment s’y former."),
        ),
    ),
    (
        "Offres et dispositifs",
        "Formations, financements et dispositifs d’aide : ce qui existe et comment le mobiliser.",
        (
            ("Formation", "CPF, Pro-A, VAE, bilan de compétences…"),
            ("Financements", "Qui finance quoi, plafonds, conditions, délais."),
            ("Création d’entreprise", "ACRE, ARCE et accompagnement des créateurs."),
        ),
    ),
    (
        "Le réseau",
        "Mieux connaître les structures qui délivrent le CEP.",
        (
            (
                "Qui fait quoi",
                "France Travail, Apec, Missions locales, Cap emploi, opérateurs régionaux.",
            ),
            (
                "Actualités du CEP",
                "Réformes, textes, appels à projets : les nouvelles qui comptent.",
            ),
        ),
    ),
    (
        "Vie de la communauté",
        "Se présenter et faire évoluer la plateforme ensemble.",
        (
            ("Présentations", "Présentez-vous : structure, région, publics accompagnés."),
            (
                "Suggestions pour la plateforme",
                "Rubriques, fonctionnalités, contenus : dites-nous ce qui manque.",
            ),
        ),
    ),
)

# (forum, subject, [(author, content), ...]) — the first message opens the topic.
DISCUSSIONS = (
    (
        "Accueil et posture",
        "Rester neutre quand la personne veut une solution tout de suite",
        (
            (
                "sophie",
                "Bonjour à tous,\n\nJe reçois souvent des personnes qui arrivent au premier rendez-vous "
                "avec une demande très précise : « dites-moi quelle formation faire ». Comment faites-vous "
                "pour rester dans l’écoute sans les frustrer ?",
            ),
            (
                "julien",
                "À l’Apec, je pose le cadre dès les premières minutes : je reformule la demande, puis "
                "j’explique les trois temps du CEP. Annoncer qu’on reviendra à la formation plus tard rassure "
                "beaucoup.",
            ),
            (
                "moderateur",
                "Merci pour ces retours. Une capsule de l’UODC sur l’entretien d’explicitation "
                "sera bientôt en ligne dans la rubrique Vidéos.",
            ),
        ),
    ),
    (
        "Formation",
        "PTP : délais d’instruction constatés dans vos régions ?",
        (
            (
                "julien",
                "Quels délais observez-vous entre le dépôt d’un dossier de projet de transition "
                "professionnelle et la décision de Transitions Pro ? En Île-de-France nous sommes autour de "
                "deux mois.",
            ),
            (
                "sophie",
                "En Bretagne, plutôt six à huit semaines, mais les commissions sont moins fréquentes "
                "l’été. Il vaut mieux anticiper le calendrier des commissions.",
            ),
        ),
    ),
    (
        "Qui fait quoi",
        "Orienter un salarié en arrêt longue durée : vers qui ?",
        (
            (
                "sophie",
                "Une personne salariée, en arrêt depuis huit mois, veut préparer une reconversion. "
                "Elle relève plutôt de l’opérateur régional CEP pour les actifs occupés, mais faut-il "
                "associer Cap emploi si une reconnaissance de travailleur handicapé est en cours ?",
            ),
        ),
    ),
    (
        "Financements",
        "Abondement du CPF par l’employeur : retours d’expérience",
        (
            (
                "julien",
                "Avez-vous des exemples d’abondement du CPF négocié avec l’employeur dans le cadre "
                "d’un CEP ? Je cherche des arguments concrets pour les cadres que j’accompagne.",
            ),
            (
                "sophie",
                "Oui, deux cas cette année : l’employeur a complété pour un bilan de compétences et "
                "pour une certification en gestion de projet. Le plus efficace a été de relier le projet aux "
                "besoins de compétences de l’entreprise.",
            ),
        ),
    ),
    (
        "Présentations",
        "Bonjour depuis les Hauts-de-France",
        (
            (
                "sophie",
                "Conseillère à France Travail depuis six ans, je fais du CEP depuis deux ans, surtout "
                "avec des demandeurs d’emploi de longue durée. Ravie de vous rejoindre !",
            ),
            (
                "julien",
                "Bienvenue Sophie ! Consultant Apec à Lille, n’hésite pas si tu as des questions sur "
                "l’accompagnement des cadres.",
            ),
        ),
    ),
)


def ensure_demo_accounts():
    """Create the demo accounts; return (account, created) pairs."""
    User = get_user_model()
    results = []
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "display_name": account.display_name,
                "email": account.email,
                "is_staff": account.is_staff,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for group_name in account.groups:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        results.append((account, created))
    return results


def ensure_rubrics():
    """Create the categories and forums; return how many were created."""
    created_count = 0
    for category_name, category_description, forums in RUBRICS:
        category, created = Forum.objects.get_or_create(
            name=category_name,
            parent=None,
            defaults={"type": Forum.FORUM_CAT, "description": category_description},
        )
        created_count += created
        for name, description in forums:
            _forum, created = Forum.objects.get_or_create(
                name=name,
                parent=category,
                defaults={"type": Forum.FORUM_POST, "description": description},
            )
            created_count += created
    return created_count


def ensure_discussions():
    """Create the demo topics and their replies; return how many topics were created."""
    User = get_user_model()
    authors = User.objects.in_bulk(
        {username for _forum, _subject, posts in DISCUSSIONS for username, _content in posts},
        field_name="username",
    )
    forums = {
        forum.name: forum
        for forum in Forum.objects.filter(
            name__in={name for name, _s, _p in DISCUSSIONS}, parent__isnull=False
        )
    }
    created_count = 0
    for forum_name, subject, posts in DISCUSSIONS:
        forum = forums[forum_name]
        opener = authors[posts[0][0]]
        topic, created = Topic.objects.get_or_create(
            forum=forum,
            subject=subject,
            defaults={"poster": opener, "type": Topic.TOPIC_POST, "status": Topic.TOPIC_UNLOCKED},
        )
        if not created:
            continue
        created_count += 1
        for index, (username, content) in enumerate(posts):
            Post.objects.create(
                topic=topic,
                poster=authors[username],
                subject=subject if index == 0 else f"Re: {subject}",
                content=content,
            )
    return created_count


def load(stdout):
    """Load the community's demo content, writing progress to ``stdout``."""
    accounts = ensure_demo_accounts()
    stdout.write(f"Comptes de démonstration : {sum(created for _a, created in accounts)} créé(s).")
    stdout.write(f"Rubriques du forum : {ensure_rubrics()} créée(s).")
    stdout.write(f"Droits du forum : {apply_forum_permissions()} accordé(s).")
    stdout.write(f"Discussions : {ensure_discussions()} créée(s).")
    return [account for account, _created in accounts]
