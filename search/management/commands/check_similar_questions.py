"""The similar-questions set (search/similar_set.py) against the suggestions of the new-topic
form: for each new question, is the discussion that answers it among the first five?

    manage.py check_similar_questions [--reader marc] [--verbose]

Run on a database with the demo (``manage.py load_demo``), as a counsellor (not in the pilot
group), with and without the editors' synonyms. Prints the share for each, and the questions
missed.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory
from machina.apps.forum_permission.handler import PermissionHandler

from search.similar import MAX_TOPICS, similar_topics
from search.similar_set import SIMILAR_QUESTIONS


def reader_request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.forum_permission_handler = PermissionHandler()
    return request


def evaluate(request, synonyms=True):
    """[(question, expected subject, rank found or None, subjects suggested)] for the set."""
    outcome = []
    for question, expected in SIMILAR_QUESTIONS:
        subjects = [item.subject for item in similar_topics(request, question, synonyms)]
        rank = subjects.index(expected) + 1 if expected in subjects else None
        outcome.append((question, expected, rank, subjects))
    return outcome


def share_found(outcome):
    return sum(1 for _q, _e, rank, _s in outcome if rank is not None) / len(outcome)


class Command(BaseCommand):
    help = "Share of the similar-questions set whose discussion is among the first suggestions."

    def add_arguments(self, parser):
        parser.add_argument("--reader", default="marc", help="username of the member who types")
        parser.add_argument("--verbose", action="store_true", help="print every question")

    def handle(self, *args, reader, verbose, **options):
        user = get_user_model().objects.filter(username=reader).first()
        if user is None:
            raise CommandError(f"No member {reader!r}: load the demo first (manage.py load_demo).")
        request = reader_request(user)
        self.stdout.write(
            f"Base : {connection.vendor} — {len(SIMILAR_QUESTIONS)} questions, "
            f"discussion attendue parmi les {MAX_TOPICS} premières suggestions"
        )
        for synonyms, label in ((False, "sans synonymes"), (True, "avec synonymes")):
            outcome = evaluate(request, synonyms)
            found = sum(1 for _q, _e, rank, _s in outcome if rank is not None)
            self.stdout.write(
                f"{label} : {found}/{len(outcome)} = {share_found(outcome):.0%}"
                f" (en 1re position : {sum(1 for o in outcome if o[2] == 1)})"
            )
            for question, expected, rank, subjects in outcome:
                if verbose or rank is None:
                    mark = f"#{rank}" if rank else "manquée"
                    self.stdout.write(f"  [{mark}] {question} → {expected}")
                    if rank is None:
                        for subject in subjects:
                            self.stdout.write(f"      proposé : {subject}")
