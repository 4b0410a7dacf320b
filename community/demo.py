"""French demo content for the community: accounts, the first rubrics and a few discussions.

The structure every site needs (role groups, forum permissions, the pilot rubric, the charter) is
built by ``manage.py setup_site``, which ``load_demo`` runs first.

Every function is idempotent: what already exists is left as it is.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Prefetch
from django.utils import timezone
from machina.core.db.models import get_model

from cms.performance.invalidation import bulk_create, bump, topic_key, update
from cms.taxonomies.models import Operator, Region, Theme
from community import demo_content
from community.accounts.models import OperatorEmailDomain
from community.accounts.roles import (
    COUNSELLORS_GROUP,
    EDITORS_GROUP,
    MODERATORS_GROUP,
    PILOT_GROUP,
    PILOT_MODERATORS_GROUP,
    WRITERS_GROUP,
    ensure_forums,
)
from community.experts import demo as experts_demo
from community.forum_conversation.answers import (
    can_be_validated,
    refresh_first_reply_at,
    validate_answer,
)
from community.moderation.models import PostReport
from community.notifications import demo as notifications_demo

Forum = get_model("forum", "Forum")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
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
    # Model permissions given to the account itself ("app_label.codename"), for a role that is
    # one person's job rather than a group's.
    permissions: tuple = ()
    operator: str = ""
    region: str = ""
    structure: str = ""
    job: str = ""
    status: str = "approved"


# Who publishes the demo pages (their owner, and the user of their revisions and publication).
DEMO_PUBLISHER = "editrice"

# The administrator manages the partner sites (a Wagtail snippet) and the forum rubrics (Django
# admin), and nothing else: a staff account with exactly those permissions, not a superuser.
ADMINISTRATOR_PERMISSIONS = (
    "wagtailadmin.access_admin",
    *(f"videos.{action}_partner" for action in ("add", "change", "delete", "view")),
    *(f"forum.{action}_forum" for action in ("add", "change", "delete", "view")),
    # The rubrics' permission screens ("Permissions du forum"): machina shows and saves them only
    # to an account holding these.
    *(
        f"forum_permission.{action}_{model}"
        for model in ("userforumpermission", "groupforumpermission")
        for action in ("add", "change", "delete", "view")
    ),
    # The group picker of those screens looks groups up in the Django admin.
    "auth.view_group",
)

DEMO_ACCOUNTS = (
    DemoAccount(
        "admin",
        "Nathalie",
        "Roux",
        "Nathalie R. (administration)",
        "nathalie.roux@comcep.example",
        "administratrice : partenaires (Wagtail) et rubriques du forum (administration Django)",
        is_staff=True,
        permissions=ADMINISTRATOR_PERMISSIONS,
        structure="Centre Inffo",
        job="Administratrice de la plateforme",
        region="Île-de-France",
    ),
    DemoAccount(
        "redacteur",
        "Paul",
        "Girard",
        "Paul G. (Centre Inffo)",
        "paul.girard@centre-inffo.example",
        "rédacteur (groupe « Rédacteurs ») : écrit et soumet à la relecture",
        is_staff=True,
        groups=(WRITERS_GROUP,),
        structure="Centre Inffo",
        job="Rédacteur",
        region="Île-de-France",
    ),
    DemoAccount(
        "editrice",
        "Claire",
        "Dubois",
        "Claire D. (Centre Inffo)",
        "claire.dubois@centre-inffo.example",
        "éditrice (administration Wagtail)",
        is_staff=True,
        groups=(EDITORS_GROUP,),
        structure="Centre Inffo",
        job="Éditrice",
        region="Île-de-France",
    ),
    DemoAccount(
        "moderateur",
        "Karim",
        "Benali",
        "Karim B. (modération)",
        "karim.benali@comcep.example",
        "modérateur du forum",
        groups=(MODERATORS_GROUP, COUNSELLORS_GROUP, PILOT_GROUP, PILOT_MODERATORS_GROUP),
        structure="Réseau des Carif-Oref",
        job="Animateur de communauté",
        region="Bretagne",
    ),
    DemoAccount(
        "sophie",
        "Sophie",
        "Martin",
        "Sophie M. (France Travail)",
        "sophie.martin@francetravail.example",
        "conseillère CEP, France Travail (groupe pilote)",
        groups=(COUNSELLORS_GROUP, PILOT_GROUP),
        operator="France Travail",
        region="Hauts-de-France",
        structure="France Travail Lille Centre",
        job="Conseillère emploi et CEP",
    ),
    DemoAccount(
        "julien",
        "Julien",
        "Leroy",
        "Julien L. (Apec)",
        "julien.leroy@apec.example",
        "conseiller CEP, Apec",
        groups=(COUNSELLORS_GROUP,),
        operator="Apec",
        region="Île-de-France",
        structure="Apec Paris La Défense",
        job="Consultant en évolution professionnelle",
    ),
)

DEMO_ACCOUNTS += tuple(
    DemoAccount(
        username,
        first_name,
        last_name,
        display_name,
        f"{username}@membres-comcep.example",
        f"{job}, {operator or structure}" + (" (en attente de validation)" if status == "pending" else ""),
        groups=groups,
        operator=operator,
        region=region,
        structure=structure,
        job=job,
        status=status,
    )
    for (
        username, first_name, last_name, display_name, operator, region, structure, job, status,
        groups,
    ) in demo_content.MEMBERS
)  # fmt: skip

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


def model_permissions(names):
    """The ``Permission`` rows named "app_label.codename"; an unknown name is an error."""
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted}
        )
    }
    if missing := wanted - set(found):
        raise LookupError(f"Unknown permissions, run migrate first: {sorted(missing)}")
    return [found[key] for key in sorted(wanted)]


def demo_publisher():
    """The account the demo pages are published by (None before the accounts exist)."""
    return get_user_model().objects.filter(username=DEMO_PUBLISHER).first()


def ensure_demo_accounts():
    """Create the demo accounts; return (account, created) pairs."""
    User = get_user_model()
    results = []
    hashed_password = None
    for account in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "display_name": account.display_name,
                "email": account.email,
                "is_staff": account.is_staff,
                "status": account.status,
                "email_confirmed": True,
                "structure": account.structure,
                "job": account.job,
                "operator": Operator.objects.filter(name=account.operator).first(),
                "region": Region.objects.filter(name=account.region).first(),
            },
        )
        if created:
            # The accounts share one password: hashed once (each hash takes a good fraction of a
            # second, on purpose), not once per account.
            hashed_password = hashed_password or make_password(DEMO_PASSWORD)
            user.password = hashed_password
            user.save(update_fields=["password"])
        for group_name in account.groups:
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
        if account.permissions:
            user.user_permissions.add(*model_permissions(account.permissions))
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
        created_count += created + ensure_forums(category, forums)
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
        add_posts(topic, posts, authors)
    return created_count


def add_posts(topic, posts, authors):
    """The topic's posts, ``(username, content)`` in order (the first opens it); return how many."""
    for index, (username, content) in enumerate(posts):
        Post.objects.create(
            topic=topic,
            poster=authors[username],
            subject=topic.subject if index == 0 else f"Re: {topic.subject}",
            content=content,
        )
    return len(posts)


def ensure_operator_domains():
    created_count = 0
    for domain, operator_name in demo_content.OPERATOR_DOMAINS:
        operator = Operator.objects.filter(name=operator_name).first()
        if operator is None:
            continue
        _domain, created = OperatorEmailDomain.objects.get_or_create(
            domain=domain, defaults={"operator": operator}
        )
        created_count += created
    return created_count


def ensure_themed_discussions():
    """Create the themed topics, their replies and polls; return (topics, posts) created."""
    User = get_user_model()
    authors = User.objects.in_bulk(
        {username for *_t, posts in demo_content.TOPICS for username, _c in posts},
        field_name="username",
    )
    forums = {f.name: f for f in Forum.objects.filter(type=Forum.FORUM_POST)}
    themes = {theme.name: theme for theme in Theme.objects.all()}
    voters = list(User.objects.filter(groups__name=COUNSELLORS_GROUP).order_by("pk")[:6])
    topic_count = post_count = 0
    for forum_name, subject, theme_names, poll, posts in demo_content.TOPICS:
        forum = forums[forum_name]
        topic, created = Topic.objects.get_or_create(
            forum=forum,
            subject=subject,
            defaults={
                "poster": authors[posts[0][0]],
                "type": Topic.TOPIC_POST,
                "status": Topic.TOPIC_UNLOCKED,
            },
        )
        if not created:
            continue
        topic_count += 1
        post_count += add_posts(topic, posts, authors)
        topic.themes.set([themes[name] for name in theme_names if name in themes])
        if poll:
            question, options = poll
            topic_poll = TopicPoll.objects.create(topic=topic, question=question, max_options=1)
            created_options = bulk_create(
                TopicPollOption,
                [TopicPollOption(poll=topic_poll, text=text) for text in options],
                keys=(topic_key(topic.pk),),
            )
            bulk_create(
                TopicPollVote,
                [
                    TopicPollVote(
                        poll_option=created_options[i % len(created_options)], voter=voter
                    )
                    for i, voter in enumerate(voters)
                ],
                keys=(topic_key(topic.pk),),
            )
    return topic_count, post_count


def ensure_reported_post():
    subject, author, (reporter, reason, comment) = demo_content.REPORTED_POST
    post = Post.objects.filter(topic__subject=subject, poster__username=author).first()
    if post is None or PostReport.objects.filter(post=post).exists():
        return 0
    PostReport.objects.create(
        post=post,
        reporter=get_user_model().objects.get(username=reporter),
        reason=reason,
        comment=comment,
    )
    return 1


def spread_discussion_dates():
    """Give the demo's discussions a past: topics opened over the last weeks, replies hours or
    days later (the pilot group's answer-time figures read them). Topics whose posts were all
    written within a minute of the topic are moved; once moved, nothing changes on a second run.
    Return how many topics were moved."""
    now = timezone.now()
    topics = list(
        Topic.objects.order_by("pk").prefetch_related(
            Prefetch("posts", queryset=Post.objects.order_by("created", "pk"))
        )
    )
    moved = 0
    for index, topic in enumerate(topics):
        posts = list(topic.posts.all())
        if not posts or any(
            abs((post.created - topic.created).total_seconds()) > 60 for post in posts
        ):
            continue
        opened = now - timedelta(days=2 * (len(topics) - index), hours=index % 7)
        created = opened
        for position, post in enumerate(posts):
            if position:
                # The first answer comes after a few hours to a few days, the next ones closer.
                gap = timedelta(hours=(3 + 7 * (index % 5)) if position == 1 else 2 + position)
                created = min(created + gap, now)
            # The whole forum is made obsolete once, below (bump).
            update(Post.objects.filter(pk=post.pk), keys=(), created=created, updated=created)
        update(
            Topic.objects.filter(pk=topic.pk),
            keys=(),
            created=opened,
            updated=created,
            last_post_on=created,
        )
        moved += 1
    if moved:
        for forum in Forum.objects.filter(type=Forum.FORUM_POST):
            forum.update_trackers()
        bump()
    return moved


def ensure_validated_answers():
    """Mark the demo's validated answers (through the same service as the topic page), then
    record every topic's answer time; return how many answers were validated."""
    User = get_user_model()
    validated = 0
    for subject, answerer, validator in demo_content.VALIDATED_ANSWERS:
        topic = Topic.objects.filter(subject=subject).select_related("forum").first()
        if topic is None or topic.validated_post_id:
            continue
        post = topic.posts.filter(poster__username=answerer).order_by("created").first()
        user = User.objects.filter(username=validator).first()
        if post is None or user is None or not can_be_validated(post, topic, user):
            continue
        validate_answer(topic, post, user)
        validated += 1
    refresh_first_reply_at()
    return validated


def spread_demo_members(now=None):
    """Spread the demo members' sign-up dates over the last three months (the community
    dashboard counts new members per week); only members who joined less than a day ago move,
    so a second run moves nothing. Return how many members were moved."""
    now = now or timezone.now()
    usernames = {account.username for account in DEMO_ACCOUNTS}
    members = get_user_model().objects.filter(
        date_joined__gte=now - timedelta(days=1), username__in=usernames
    )
    moved = 0
    for index, member in enumerate(members.order_by("pk")):
        joined = now - timedelta(days=90 - (index * 13) % 84)
        update(get_user_model().objects.filter(pk=member.pk), date_joined=joined)
        moved += 1
    return moved


def load(stdout):
    """Load the community's demo content, writing progress to ``stdout``."""
    accounts = ensure_demo_accounts()
    stdout.write(f"Comptes de démonstration : {sum(created for _a, created in accounts)} créé(s).")
    stdout.write(f"Domaines reconnus : {ensure_operator_domains()} créé(s).")
    stdout.write(f"Rubriques du forum : {ensure_rubrics()} créée(s).")
    stdout.write(f"Discussions : {ensure_discussions()} créée(s).")
    topics, posts = ensure_themed_discussions()
    stdout.write(f"Discussions par thématique : {topics} sujet(s), {posts} message(s) créés.")
    stdout.write(f"Signalement : {ensure_reported_post()} créé.")
    stdout.write(f"Dates des discussions : {spread_discussion_dates()} sujet(s) daté(s).")
    stdout.write(f"Dates d’inscription réparties : {spread_demo_members()} membre(s).")
    stdout.write(f"Réponses validées : {ensure_validated_answers()} marquée(s).")

    notifications_demo.load(stdout)

    experts_demo.load(stdout)
    return [account for account, _created in accounts]
