"""A consultation's results: per question, the count of each answer (a chart and its table) or
the free-text answers, and the same counts as CSV. Two queries whatever the number of answers."""

import csv
from collections import Counter
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.translation import gettext as _

from community.steering.charts import render_chart
from community.steering.stats import Figure

from .models import CHOICE_TYPES, SCALE, SCALE_VALUES, ConsultationFormBuilder


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    rows: list = field(default_factory=list)  # (option, count) for choices and scales
    texts: list = field(default_factory=list)  # (free-text answer, member's name or "")

    @property
    def is_counted(self):
        return self.question.field_type in (*CHOICE_TYPES, SCALE)

    def figure(self, number):
        return Figure(
            key=f"question-{number}",
            title=self.question.label,
            description="",
            row_header=_("Answer"),
            columns=[_("Answers")],
            rows=[(label, [count]) for label, count in self.rows],
            kind="hbar",
        )


def options_of(question):
    if question.field_type == SCALE:
        return [str(value) for value in SCALE_VALUES]
    return [
        value for value, _label in ConsultationFormBuilder([]).get_formatted_field_choices(question)
    ]


def consultation_results(page):
    """(number of answers, [QuestionResult…]) of ``page``."""
    questions = list(page.form_fields.all())
    answers = []
    names = []
    for data, name in page.get_submissions().values_list("form_data", "member__display_name"):
        answers.append(data)
        names.append("" if page.anonymous else name or "")
    results = []
    for question in questions:
        result = QuestionResult(question)
        given = [
            (answer.get(question.clean_name), name)
            for answer, name in zip(answers, names, strict=True)
            if answer.get(question.clean_name) not in (None, "", [])
        ]
        values = [value for value, _name in given]
        result.answered = len(values)
        if result.is_counted:
            counts = Counter()
            for value in values:
                counts.update(str(item) for item in (value if isinstance(value, list) else [value]))
            result.rows = [(option, counts.get(option, 0)) for option in options_of(question)]
        else:
            result.texts = [(str(value), name) for value, name in given]
        results.append(result)
    return len(answers), results


def with_charts(results):
    charts = []
    for number, result in enumerate(results, start=1):
        chart = {"result": result, "number": number}
        if result.is_counted:
            figure = result.figure(number)
            chart.update(
                figure=figure,
                cells=list(figure.cells()),
                svg=None if figure.is_empty else render_chart(figure),
            )
        charts.append(chart)
    return charts


def spreadsheet_safe(text):
    """A member's text never read as a formula by a spreadsheet."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def results_csv(page, results):
    """Every question's counts (and free-text answers) for French spreadsheets."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="consultation-{page.slug}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Question"), _("Answer"), _("Answers")])
    for result in results:
        if result.is_counted:
            for option, count in result.rows:
                writer.writerow([result.question.label, option, count])
        else:
            for text, _name in result.texts:
                writer.writerow([result.question.label, spreadsheet_safe(text), ""])
    return response
