"""Time the new-topic form's suggestions endpoint in process: p50, p95 and max.

    manage.py bench_similar_questions [--repeat 5] [--reader marc]

Each subject of the similar-questions set (search/similar_set.py) and of a few everyday questions
is asked through the real URL (middleware, permission check, matching, template) as a signed-in
counsellor. Meant for the scale data set (``manage.py make_scale_data``) on PostgreSQL. The rate
limit is lifted for the run; what the requests write is rolled back.
"""

import gc
import statistics
import time
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from community.forum_conversation.suggestions import TEMPLATE
from search.management.commands.check_similar_questions import reader_request
from search.similar import suggestions
from search.similar_set import SIMILAR_QUESTIONS

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

EVERYDAY = [
    "VAE",
    "Financer un bilan de compétences avec le CPF",
    "Comment accompagner une reconversion ?",
    "formation qualifiante pour demandeurs d'emploi",
    "création d'entreprise et ACRE",
    "permis de conduire financement",
    "Question sur le projet de transition professionnelle",
    "zzzz introuvable",
]


class Command(BaseCommand):
    help = "Benchmark the suggestions endpoint of the new-topic form."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--reader", default="marc")

    def handle(self, *args, repeat, reader, **options):
        user = get_user_model().objects.filter(username=reader).first()
        if user is None:
            raise CommandError(f"No member {reader!r}: load the demo first (manage.py load_demo).")
        handler = PermissionHandler()
        forum = next(
            (
                forum
                for forum in Forum.objects.filter(type=Forum.FORUM_POST).order_by("pk")
                if handler.can_add_topic(forum, user)
            ),
            None,
        )
        if forum is None:
            raise CommandError(f"{reader!r} may start a topic in no rubric.")
        url = reverse("community:similar_questions", kwargs={"forum_pk": forum.pk})
        subjects = [question for question, _expected in SIMILAR_QUESTIONS] + EVERYDAY
        settings.COMCEP_RATE_LIMITS["similar_questions"] = "1000000/m"
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0].lstrip(".").replace("*", "localhost"))
        client.force_login(user)
        timings, per_subject = [], {}
        with transaction.atomic():
            client.get(f"{url}?sujet=chargement")
            gc.freeze()
            for subject in subjects:
                address = f"{url}?sujet={quote(subject)}"
                client.get(address)  # warm-up
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(address)
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{subject}: HTTP {response.status_code}")
                    timings.append(elapsed)
                    per_subject[subject] = max(per_subject.get(subject, 0), elapsed)
            transaction.set_rollback(True)
        # The same subjects asked of the matching and its template alone (no middleware), and the
        # endpoint for an empty subject (the request's own cost: session, member, permissions).
        request = reader_request(user)
        alone = []
        for subject in subjects:
            render_to_string(TEMPLATE, {"similar": suggestions(request, subject)}, request=request)
            for _ in range(repeat):
                started = time.perf_counter()
                found = suggestions(request, subject)
                render_to_string(TEMPLATE, {"similar": found}, request=request)
                alone.append((time.perf_counter() - started) * 1000)
        empty = []
        for _ in range(repeat * 5):
            started = time.perf_counter()
            client.get(f"{url}?sujet=")
            empty.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        self.stdout.write(
            f"Base : {connection.vendor} — {Topic.objects.count()} sujets, "
            f"{Post.objects.count()} messages — {len(subjects)} sujets × {repeat}"
        )
        self.stdout.write("| p50 (ms) | p95 (ms) | max (ms) |")
        self.stdout.write("|---|---|---|")
        self.stdout.write(f"| {statistics.median(timings):.1f} | {p95:.1f} | {max(timings):.1f} |")
        alone.sort()
        self.stdout.write(
            f"Correspondance et gabarit seuls : p50 {statistics.median(alone):.1f} ms, "
            f"p95 {alone[int(len(alone) * 0.95) - 1]:.1f} ms ; requête à sujet vide (coût de la "
            f"pile) : p50 {statistics.median(empty):.1f} ms"
        )
        self.stdout.write("Sujets les plus lents :")
        for subject, worst in sorted(per_subject.items(), key=lambda item: -item[1])[:5]:
            self.stdout.write(f"  {worst:7.1f} ms  {subject}")
