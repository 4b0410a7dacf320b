from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from community.privacy.evaluation import evaluate

DEFAULT_CORPUS = "tests.community.privacy.personal_data_corpus"


class Command(BaseCommand):
    help = "Precision, recall and false alarms of the personal-data guard on a corpus."

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus",
            default=DEFAULT_CORPUS,
            help="Python module holding POSITIVES and NEGATIVES (default: %(default)s).",
        )

    def handle(self, *args, **options):
        module = options["corpus"]
        positives = import_string(f"{module}.POSITIVES")
        negatives = import_string(f"{module}.NEGATIVES")
        result = evaluate(positives, negatives)
        self.stdout.write(
            f"Corpus: {len(positives)} sentences with personal data, "
            f"{len(negatives)} without ({len(positives) + len(negatives)} in all)"
        )
        self.stdout.write(
            f"{'kind':<11} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8} "
            f"{'false alarms':>13}"
        )
        for kind, score in result.scores.items():
            rate = score.false_alarms / result.negatives if result.negatives else 0
            self.stdout.write(
                f"{kind:<11} {score.true_positives:>4} {score.false_positives:>4} "
                f"{score.false_negatives:>4} {score.precision:>10.1%} {score.recall:>8.1%} "
                f"{rate:>13.1%}"
            )
            for sentence, text in score.missed:
                self.stdout.write(f"  missed {text!r} in: {sentence}")
            for sentence, text in score.spurious:
                self.stdout.write(f"  false alarm {text!r} in: {sentence}")
        self.stdout.write(
            f"Negatives flagged: {result.negatives_flagged}/{result.negatives} "
            f"({result.false_alarm_rate:.1%})"
        )
        try:
            limits = import_string(f"{module}.KNOWN_LIMITS")
        except ImportError:
            return
        found = sum(
            bool(evaluate([item], []).scores[item[1][0][0]].true_positives) for item in limits
        )
        self.stdout.write(f"Known limits (not counted above): {found}/{len(limits)} detected")
