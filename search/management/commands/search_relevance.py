"""``manage.py search_relevance``: how well the search answers the relevance set on this database
(load the demo first: ``manage.py load_demo``)."""

from django.core.management.base import BaseCommand

from search.relevance import measure


class Command(BaseCommand):
    help = "Measure the site search on the relevance set: hits@1, hits@3 and MRR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--misses", action="store_true", help="List the queries not answered in the first 3."
        )

    def handle(self, *args, misses=False, **options):
        report = measure()
        if misses or options["verbosity"] > 1:
            for outcome in report.outcomes:
                if outcome.rank is None or outcome.rank > 3 or options["verbosity"] > 1:
                    first = " | ".join(outcome.titles[:3]) or "(aucun résultat)"
                    self.stdout.write(f"{outcome.rank or '-':>2}  {outcome.query}  →  {first}")
        self.stdout.write(report.summary())
