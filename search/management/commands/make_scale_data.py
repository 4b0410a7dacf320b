"""A large, realistic French data set for search and performance work.

    manage.py make_scale_data            # 20,000 topics, 100,000 posts, 5,000 offers, 2,000 members
    manage.py make_scale_data --topics 2000 --posts 10000 --offers 500 --members 50   # smaller

Idempotent: the data lives in its own rubric ("Données d'échelle") and under slugs starting with
"echelle-"; a second run creates only what is missing. Deterministic (fixed random seed). Posts are
bulk-created and indexed in batches; offers are published pages, indexed in batches too (Wagtail
would only queue a task per page for the worker).
``--long-topic N`` adds one topic of N posts (the benchmark reads it: "a topic of 50 posts").
"""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.search.backends import get_search_backends

from cms.offers.models import OfferIndexPage, OfferPage
from cms.performance.invalidation import bulk_create, bump, update
from cms.taxonomies.models import Region, Theme
from community.accounts.roles import apply_forum_permissions
from community.forum_conversation.answers import refresh_first_reply_at
from home.site import ensure_site

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
User = get_user_model()

RUBRIC = "Données d'échelle"
PREFIX = "echelle-"
LONG_TOPIC = "echelle-fil-long"
BATCH = 2000

SUBJECTS = [
    "VAE",
    "CPF",
    "bilan de compétences",
    "reconversion",
    "création d'entreprise",
    "formation qualifiante",
    "demandeurs d'emploi",
    "salariés en CDD",
    "projet de transition",
    "Pro-A",
    "permis de conduire",
    "aide à la mobilité",
    "travailleurs handicapés",
    "apprentissage",
    "premier entretien",
    "posture de conseil",
    "financement",
    "Transitions Pro",
    "France Travail",
    "Apec",
    "Cap emploi",
    "Mission locale",
    "certification",
    "RNCP",
    "validation partielle",
]
VERBS = [
    "Comment accompagner",
    "Retour d'expérience sur",
    "Question sur",
    "Besoin d'aide pour",
    "Bonnes pratiques :",
    "Financer",
    "Préparer",
    "Présenter",
    "Orienter vers",
    "Suivre",
]
PHRASES = [
    "Le bénéficiaire souhaite se reconvertir dans le secteur médico-social.",
    "Nous avons mobilisé le CPF et un abondement de l'employeur.",
    "La VAE partielle a permis de valider trois blocs de compétences.",
    "Le bilan de compétences a duré huit semaines, en présentiel et à distance.",
    "Les créateurs d'entreprise peuvent cumuler l'ARE et l'ACRE sous conditions.",
    "Les formations éligibles sont listées sur Mon Compte Formation.",
    "L'entretien de phase deux sert à construire le projet avec la personne.",
    "Transitions Pro finance le projet de transition professionnelle.",
    "Pensez au conseil en évolution professionnelle pour les salariés.",
    "La mobilité géographique reste un frein important en zone rurale.",
    "Un accompagnement renforcé est possible pour les publics fragiles.",
    "Quels délais constatez-vous pour l'instruction des dossiers ?",
]


class Command(BaseCommand):
    help = "Build a large French data set (forum topics and posts, catalogue offers)."

    def add_arguments(self, parser):
        parser.add_argument("--topics", type=int, default=20000)
        parser.add_argument("--posts", type=int, default=100000)
        parser.add_argument("--offers", type=int, default=5000)
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--long-topic", type=int, default=50, help="posts of the long topic")

    def handle(self, *args, topics, posts, offers, members, long_topic, **options):
        self.random = random.Random(20261129)  # noqa: S311  (test data, not security)
        started = time.monotonic()
        home = ensure_site()
        posters = self.make_members(members)
        forum = self.make_rubric()
        self.make_topics(forum, posters, topics)
        self.make_posts(forum, posters, posts)
        self.make_long_topic(forum, posters, long_topic)
        self.make_offers(home, offers)
        # The planner's statistics after a bulk load: PostgreSQL's autovacuum would gather them
        # later, SQLite never does (without them it joins 20,000 topics before 1,000 posts). On
        # PostgreSQL, VACUUM also marks the pages all-visible, as autovacuum would in production
        # (index-only scans depend on it). VACUUM cannot run in a transaction (a test's): ANALYZE
        # alone then.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        # Bulk inserts send no signal: make what the shared cache holds obsolete.
        bump()
        self.stdout.write(f"Terminé en {time.monotonic() - started:.0f} s.")

    def index(self, model, objects):
        objects = list(objects)
        for backend in get_search_backends():
            backend.add_bulk(model, objects)

    def progress(self, label, done, total):
        self.stdout.write(f"{label} : {done}/{total}")

    def make_members(self, count):
        existing = set(
            User.objects.filter(username__startswith=PREFIX).values_list("username", flat=True)
        )
        missing = [
            User(
                username=f"{PREFIX}{n}",
                email=f"{PREFIX}{n}@example.org",
                display_name=f"Conseiller·e {n}",
            )
            for n in range(count)
            if f"{PREFIX}{n}" not in existing
        ]
        # keys=(): every write of this command makes every cached page obsolete at its end.
        bulk_create(User, missing, keys=())
        self.stdout.write(f"Membres : {len(missing)} créé(s).")
        return list(User.objects.filter(username__startswith=PREFIX).order_by("pk"))

    def make_rubric(self):
        category, _created = Forum.objects.get_or_create(
            name="Échelle", type=Forum.FORUM_CAT, parent=None
        )
        forum, _created = Forum.objects.get_or_create(
            name=RUBRIC, type=Forum.FORUM_POST, parent=category
        )

        apply_forum_permissions()
        return forum

    def subject(self):
        return f"{self.random.choice(VERBS)} {self.random.choice(SUBJECTS)}"

    def text(self):
        return " ".join(self.random.sample(PHRASES, 3))

    def make_topics(self, forum, posters, total):
        existing = Topic.objects.filter(forum=forum).exclude(slug=LONG_TOPIC).count()
        now = timezone.now()
        for start in range(existing, total, BATCH):
            with transaction.atomic():
                batch = []
                for n in range(start, min(total, start + BATCH)):
                    subject = self.subject()
                    batch.append(
                        Topic(
                            forum=forum,
                            poster=posters[n % len(posters)],
                            subject=subject,
                            slug=f"{PREFIX}{n}",
                            type=Topic.TOPIC_POST,
                            status=Topic.TOPIC_UNLOCKED,
                            approved=True,
                            last_post_on=now,
                        )
                    )
                bulk_create(Topic, batch, keys=())
            self.progress("Sujets", min(total, start + BATCH), total)

    def make_long_topic(self, forum, posters, total):
        """One topic of ``total`` posts, under its own slug (not counted in --topics)."""
        if total <= 0 or Topic.objects.filter(forum=forum, slug=LONG_TOPIC).exists():
            return
        now = timezone.now()
        with transaction.atomic():
            topic = Topic.objects.create(
                forum=forum,
                poster=posters[0],
                subject="Un long échange sur la VAE partielle",
                slug=LONG_TOPIC,
                type=Topic.TOPIC_POST,
                status=Topic.TOPIC_UNLOCKED,
                approved=True,
                last_post_on=now,
            )
            created = bulk_create(
                Post,
                [
                    Post(
                        topic=topic,
                        poster=posters[n % len(posters)],
                        subject=topic.subject if n == 0 else f"Re: {topic.subject}",
                        content=self.text(),
                        approved=True,
                        created=now - timezone.timedelta(minutes=total - n),
                    )
                    for n in range(total)
                ],
                keys=(),
            )
            self.index(Post, Post.objects.filter(topic=topic).select_related("topic"))
            # Its own slug (saving a topic makes one from the subject), for the benchmark to find.
            update(
                Topic.objects.filter(pk=topic.pk),
                keys=(),
                slug=LONG_TOPIC,
                first_post_id=created[0].pk,
                last_post_id=created[-1].pk,
                posts_count=total,
            )
        self.stdout.write(f"Sujet long : {total} messages.")

    def make_posts(self, forum, posters, total):
        topics = list(
            Topic.objects.filter(forum=forum)
            .exclude(slug=LONG_TOPIC)
            .order_by("pk")
            .values_list("pk", "subject")
        )
        if not topics:
            return
        existing = Post.objects.filter(topic__forum=forum).exclude(topic__slug=LONG_TOPIC).count()
        now = timezone.now()
        for start in range(existing, total, BATCH):
            with transaction.atomic():
                batch = []
                for n in range(start, min(total, start + BATCH)):
                    # The first len(topics) posts open their topics; the others are replies.
                    topic_id, subject = topics[n % len(topics)]
                    batch.append(
                        Post(
                            topic_id=topic_id,
                            poster=posters[n % len(posters)],
                            subject=subject if n < len(topics) else f"Re: {subject}",
                            content=self.text(),
                            approved=True,
                            created=now - timezone.timedelta(minutes=total - n),
                        )
                    )
                created = bulk_create(Post, batch, keys=())
                created = list(
                    Post.objects.filter(pk__in=[post.pk for post in created]).select_related(
                        "topic"
                    )
                )
                self.index(Post, created)
            self.progress("Messages", min(total, start + BATCH), total)
        self.stdout.write("Sujets : premiers et derniers messages, compteurs…")
        # One statement for all topics (a query per topic took minutes at 20,000 topics).
        posts_of = Post.objects.filter(topic=OuterRef("pk")).order_by().values("topic")
        update(
            Topic.objects.filter(forum=forum, first_post__isnull=True),
            keys=(),
            first_post_id=Subquery(posts_of.annotate(first=Min("pk")).values("first")),
            last_post_id=Subquery(posts_of.annotate(last=Max("pk")).values("last")),
            last_post_on=Subquery(posts_of.annotate(on=Max("created")).values("on")),
            posts_count=Subquery(posts_of.annotate(n=Count("pk")).values("n")),
        )
        # When each topic was first answered (the "Sans réponse" lists read it): one query.
        refresh_first_reply_at(Topic.objects.filter(forum=forum))
        forum.refresh_from_db()
        forum.update_trackers()

    def make_offers(self, home, total):
        catalogue, _created = OfferIndexPage.ensure_under(home)
        existing = OfferPage.objects.filter(slug__startswith=PREFIX).count()
        themes = list(Theme.objects.all()) or [None]
        regions = list(Region.objects.all())
        kinds = [kind for kind, _label in OfferPage.Kind.choices]
        created = []
        for n in range(existing, total):
            subject = self.random.choice(SUBJECTS)
            page = OfferPage(
                title=f"{self.random.choice(VERBS)} {subject} ({n})",
                slug=f"{PREFIX}{n}",
                kind=kinds[n % len(kinds)],
                summary=self.text(),
                is_national=n % 3 == 0,
                duration="120 heures",
                modality=OfferPage.Modality.BLENDED,
                funder="Transitions Pro",
                live=True,
                first_published_at=timezone.now(),
                last_published_at=timezone.now(),
            )
            page.themes = [themes[n % len(themes)]] if themes[0] is not None else []
            page.regions = [regions[n % len(regions)]] if regions and n % 3 else []
            catalogue.add_child(instance=page)
            created.append(page)
            if (n + 1) % 500 == 0 or n + 1 == total:
                self.index(OfferPage, created)
                created = []
                self.progress("Offres", n + 1, total)
