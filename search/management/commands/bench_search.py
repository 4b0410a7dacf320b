"""Time /recherche/ over a fixed list of French queries: p50, p95 and max, for this backend.

    manage.py bench_search [--repeat 5]

Each query goes through the real view (middleware, visibility, facets, template) as an anonymous
visitor; what the searches write (the zero-result counters) is rolled back at the end.
"""

import gc
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from wagtail.search.backends import get_search_backend

QUERIES = [
    "VAE",
    "vae",
    "CPF",
    "cpf",
    "bilan de compétences",
    "bilan de competences",
    "reconversion",
    "création d'entreprise",
    "creation entreprise",
    "créateurs",
    "CRÉATEURS",
    "createurs",
    "formation",
    "formations",
    "financement",
    "Transitions Pro",
    "projet de transition",
    "demandeurs d'emploi",
    "salariés",
    "salaries",
    "apprentissage",
    "mobilité",
    "mobilite",
    "permis de conduire",
    "handicap",
    "France Travail",
    "Apec",
    "Mission locale",
    "RNCP",
    "certification",
    "validation partielle",
    "posture",
    "premier entretien",
    # typos and rare words
    "formaton",
    "reconverssion",
    "bilans",
    "zzzz introuvable",
    "médico-social",
    # facets
    "VAE&type=discussion",
    "CPF&type=offre",
    "formation&type=offre&sort=recent",
    "financement&region=bretagne",
    "VAE&type=offre&type=discussion",
    "conseil&theme=formation",
    "accompagnement&page=2",
]


class Command(BaseCommand):
    help = "Benchmark the site search on a fixed list of French queries."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, repeat, **options):
        # The first allowed host: the requests pass the same checks as a visitor's.
        client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0].lstrip(".").replace("*", "localhost"))
        timings, per_query = [], {}
        with transaction.atomic():
            client.get("/recherche/?q=chargement")
            # As the WSGI entry point does once the application is loaded (cms/wsgi.py).
            gc.freeze()
            for query in QUERIES:
                client.get(f"/recherche/?q={query}")  # warm-up
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(f"/recherche/?q={query}")
                    elapsed = (time.perf_counter() - started) * 1000
                    if response.status_code != 200:
                        raise CommandError(f"{query}: HTTP {response.status_code}")
                    timings.append(elapsed)
                    per_query[query] = max(per_query.get(query, 0), elapsed)
            transaction.set_rollback(True)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        backend = f"{connection.vendor} / {type(get_search_backend()).__name__}"
        self.stdout.write(f"Backend : {backend} — {len(QUERIES)} requêtes × {repeat}")
        self.stdout.write("| p50 (ms) | p95 (ms) | max (ms) |")
        self.stdout.write("|---|---|---|")
        self.stdout.write(f"| {statistics.median(timings):.1f} | {p95:.1f} | {max(timings):.1f} |")
        self.stdout.write("Requêtes les plus lentes :")
        for query, worst in sorted(per_query.items(), key=lambda item: -item[1])[:5]:
            self.stdout.write(f"  {worst:7.1f} ms  {query}")
