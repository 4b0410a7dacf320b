"""Precision and recall of the guard on a corpus of sentences whose personal data is known."""

from dataclasses import dataclass, field

from .detection import KINDS, find_personal_data


@dataclass
class KindScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    false_alarms: int = 0  # negative sentences where this kind was flagged
    missed: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    @property
    def precision(self):
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self):
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class Evaluation:
    scores: dict
    negatives: int
    negatives_flagged: int

    @property
    def false_alarm_rate(self):
        return self.negatives_flagged / self.negatives if self.negatives else 0.0


def evaluate(positives, negatives):
    """Score ``find_personal_data`` on ``positives`` (sentence, [(kind, text)…]) and
    ``negatives`` (sentences holding no personal data)."""
    scores = {kind: KindScore() for kind in KINDS}
    for sentence, expected in positives:
        found = [(finding.kind, finding.text) for finding in find_personal_data(sentence)]
        remaining = list(expected)
        for item in found:
            if item in remaining:
                remaining.remove(item)
                scores[item[0]].true_positives += 1
            else:
                scores[item[0]].false_positives += 1
                scores[item[0]].spurious.append((sentence, item[1]))
        for kind, text in remaining:
            scores[kind].false_negatives += 1
            scores[kind].missed.append((sentence, text))
    flagged = 0
    for sentence in negatives:
        findings = find_personal_data(sentence)
        flagged += bool(findings)
        for kind in {finding.kind for finding in findings}:
            scores[kind].false_alarms += 1
        for finding in findings:
            scores[finding.kind].false_positives += 1
            scores[finding.kind].spurious.append((sentence, finding.text))
    return Evaluation(scores=scores, negatives=len(negatives), negatives_flagged=flagged)
