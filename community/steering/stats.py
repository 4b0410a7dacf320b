"""The community's figures over a period, aggregated in the database.

Every figure is a :class:`Figure`: rows (a week, a rubric, a theme…) by columns (an operator, a
region, a statistic). The dashboard draws it as a chart, prints it as a table and exports it as
CSV from the same cells, so the three never disagree. Each figure costs one query (two for the
answer times), whatever the number of topics and posts; the answer times fetch only durations.

The topics and posts counted are those the viewer may see (``visible_topics`` / ``visible_posts``):
someone who cannot read the pilot rubric gets figures without it.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from machina.core.db.models import get_model

from community.forum_conversation.selectors import visible_posts, visible_topics

from .suggestions import avoided_questions

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

DEFAULT_WEEKS = 12
MAX_WEEKS = 104
HOUR = timedelta(hours=1)


def percentile(values, fraction):
    """The ``fraction`` percentile of sorted ``values``, interpolated as PostgreSQL's
    ``percentile_cont``; None when there are no values."""
    if not values:
        return None
    position = fraction * (len(values) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)


def format_number(value):
    """A cell as a French reader writes it: integers as they are, decimals with a comma."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def default(cls, today=None):
        end = today or timezone.localdate()
        return cls(end - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), end)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    @property
    def start_at(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self):
        """The first instant after the period."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def previous(self):
        """The period of the same length just before this one."""
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def weeks(self):
        """The Mondays of the weeks the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(monday)
            monday += timedelta(weeks=1)
        return weeks


@dataclass
class Figure:
    """One chart's figures: ``rows`` of (label, values), one value per column."""

    key: str
    title: str
    description: str
    row_header: str
    columns: list
    rows: list
    kind: str = "stacked"  # stacked bars, grouped bars, horizontal bars or lines
    unit: str = ""
    # Columns of the table that the chart does not draw (counts next to durations).
    extra_columns: list = field(default_factory=list)

    @property
    def chart_columns(self):
        return [c for c in self.columns if c not in self.extra_columns]

    def cells(self):
        """The table as strings: the header row, then one row per label."""
        yield [self.row_header, *self.columns]
        for label, values in self.rows:
            yield [label, *(format_number(value) for value in values)]

    @property
    def is_empty(self):
        return not any(v for _label, values in self.rows for v in values)


def week_label(monday):
    return date_format(monday, "SHORT_DATE_FORMAT")


def _week(value):
    """The Monday of a truncated week, whether the database gave a date or a datetime."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class CommunityStats:
    """The dashboard's figures for ``request``'s user over ``period``."""

    def __init__(self, request, period):
        self.request = request
        self.period = period
        self.not_specified = _("Not specified")

    # Base querysets: what the viewer may see, approved, not hidden.
    def topics(self):
        return visible_topics(self.request, Topic.objects.filter(approved=True))

    def period_topics(self):
        return self.topics().filter(
            created__gte=self.period.start_at, created__lt=self.period.end_at
        )

    def period_replies(self):
        posts = Post.objects.filter(approved=True, is_hidden=False, topic__approved=True)
        return (
            visible_posts(self.request, posts)
            .filter(created__gte=self.period.start_at, created__lt=self.period.end_at)
            .exclude(topic__first_post=F("pk"))
        )

    def period_members(self):
        User = get_user_model()
        return User.objects.filter(
            status=User.Status.APPROVED,
            date_joined__gte=self.period.start_at,
            date_joined__lt=self.period.end_at,
        )

    def weekly(self, queryset, date_field, dimension, key, title, description):
        """Counts per week (rows) and value of ``dimension`` (columns): one query."""
        counts = (
            queryset.annotate(week=TruncWeek(date_field, output_field=DateField()))
            .values("week", dimension)
            .annotate(count=Count("pk"))
            .order_by()
        )
        cells = {}
        for row in counts:
            name = row[dimension] or self.not_specified
            cells[_week(row["week"]), name] = row["count"]
        named = sorted({name for _w, name in cells} - {self.not_specified})
        columns = named + (
            [self.not_specified] if self.not_specified in {n for _w, n in cells} else []
        )
        rows = [
            (week_label(week), [cells.get((week, name), 0) for name in columns])
            for week in self.period.weeks()
        ]
        return Figure(key, title, description, _("Week of"), columns, rows)

    def activity(self):
        """Topics, replies and new members per week, by operator and by region."""
        sources = (
            ("topics", self.period_topics(), "created", "poster__", _("New topics")),
            ("replies", self.period_replies(), "created", "poster__", _("Replies")),
            ("members", self.period_members(), "date_joined", "", _("New members")),
        )
        figures = []
        for key, queryset, date_field, prefix, what in sources:
            for dimension, by in (("operator", _("by operator")), ("region", _("by region"))):
                figures.append(
                    self.weekly(
                        queryset,
                        date_field,
                        f"{prefix}{dimension}__name",
                        f"{key}-{dimension}",
                        f"{what} {by}",
                        _("Per week; each bar is split %(by)s.") % {"by": by},
                    )
                )
        return figures

    def answer_times(self, dimension, key, title):
        """Median and 90th percentile time to first answer (hours) per value of ``dimension``.

        Two queries: the durations of the answered topics, and the counts per value.
        """
        topics = self.period_topics()
        wait = ExpressionWrapper(F("first_reply_at") - F("created"), output_field=DurationField())
        durations = {}
        for name, duration in (
            topics.filter(first_reply_at__isnull=False)
            .annotate(wait=wait)
            .values_list(dimension, "wait")
            .order_by()
        ):
            durations.setdefault(name or self.not_specified, []).append(duration / HOUR)
        counts = {
            (row[dimension] or self.not_specified): row
            for row in topics.values(dimension)
            .annotate(
                total=Count("pk"), unanswered=Count("pk", filter=Q(first_reply_at__isnull=True))
            )
            .order_by()
        }
        if dimension == "forum__name":
            self.all_durations.extend(d for values in durations.values() for d in values)
        median, p90 = _("Median (hours)"), _("90th percentile (hours)")
        answered, unanswered = _("Answered questions"), _("Unanswered questions")
        rows = []
        for name in sorted(counts, key=lambda n: (n == self.not_specified, n)):
            values = sorted(durations.get(name, []))
            rows.append(
                (
                    name,
                    [
                        percentile(values, 0.5),
                        percentile(values, 0.9),
                        len(values),
                        counts[name]["unanswered"],
                    ],
                )
            )
        return Figure(
            key,
            title,
            _(
                "Time between a question and its first answer by someone else, for the "
                "questions asked in the period; unanswered questions are counted apart."
            ),
            _("Rubric") if dimension == "forum__name" else _("Operator"),
            [median, p90, answered, unanswered],
            rows,
            kind="hbar",
            unit=_("hours"),
            extra_columns=[answered, unanswered],
        )

    def answered_within(self):
        """Share of the week's questions answered within 24 h and within 48 h: one query."""
        day, two_days = timedelta(hours=24), timedelta(hours=48)
        counts = (
            self.period_topics()
            .annotate(week=TruncWeek("created", output_field=DateField()))
            .values("week")
            .annotate(
                total=Count("pk"),
                day=Count("pk", filter=Q(first_reply_at__lte=F("created") + day)),
                two_days=Count("pk", filter=Q(first_reply_at__lte=F("created") + two_days)),
            )
            .order_by()
        )
        by_week = {_week(row["week"]): row for row in counts}
        within_24, within_48 = _("Within 24 h (%)"), _("Within 48 h (%)")
        rows, totals = [], {"total": 0, "day": 0, "two_days": 0}
        for week in self.period.weeks():
            row = by_week.get(week, {"total": 0, "day": 0, "two_days": 0})
            for name in totals:
                totals[name] += row[name]
            rows.append((week_label(week), self._shares(row) + [row["total"]]))
        self.answer_shares = self._shares(totals)
        return Figure(
            "answered-within",
            _("Questions answered within 24 h and 48 h"),
            _("Per week of the question: share of the questions answered within 24 h and 48 h."),
            _("Week of"),
            [within_24, within_48, _("Questions")],
            rows,
            kind="line",
            unit="%",
            extra_columns=[_("Questions")],
        )

    @staticmethod
    def _shares(row):
        if not row["total"]:
            return [None, None]
        return [100 * row["day"] / row["total"], 100 * row["two_days"] / row["total"]]

    def growing_themes(self, limit=10):
        """Topics per theme in this period and the previous one, the themes that grow first."""
        previous = self.period.previous
        counts = (
            self.topics()
            .filter(created__gte=previous.start_at, created__lt=self.period.end_at)
            .filter(themes__isnull=False)
            .values("themes__name")
            .annotate(
                current=Count("pk", filter=Q(created__gte=self.period.start_at)),
                before=Count("pk", filter=Q(created__lt=self.period.start_at)),
            )
            .order_by()
        )
        growing = sorted(
            (row for row in counts if row["current"] > row["before"]),
            key=lambda row: (row["before"] - row["current"], row["themes__name"]),
        )[:limit]
        return Figure(
            "themes",
            _("Themes that grow"),
            _(
                "Topics per theme in the period and in the previous period of the same length "
                "(%(start)s – %(end)s), the strongest growth first."
            )
            % {
                "start": date_format(previous.start, "SHORT_DATE_FORMAT"),
                "end": date_format(previous.end, "SHORT_DATE_FORMAT"),
            },
            _("Theme"),
            [_("Previous period"), _("This period"), _("Growth")],
            [
                (
                    row["themes__name"],
                    [row["before"], row["current"], row["current"] - row["before"]],
                )
                for row in growing
            ],
            kind="hbar",
            extra_columns=[_("Growth")],
        )

    def figures(self):
        self.all_durations = []
        figures = [
            *self.activity(),
            self.answer_times(
                "forum__name", "answer-times-rubric", _("Time to first answer by rubric")
            ),
            self.answer_times(
                "poster__operator__name",
                "answer-times-operator",
                _("Time to first answer by operator"),
            ),
            self.answered_within(),
            self.growing_themes(),
        ]
        durations = sorted(self.all_durations)
        self.summary = {
            "topics": sum(sum(values) for _l, values in figures[0].rows),
            "replies": sum(sum(values) for _l, values in figures[2].rows),
            "members": sum(sum(values) for _l, values in figures[4].rows),
            "median": percentile(durations, 0.5),
            "p90": percentile(durations, 0.9),
            "within_24": self.answer_shares[0],
            "within_48": self.answer_shares[1],
        }
        self.summary |= self.questions_avoided()
        return figures

    def questions_avoided(self):
        """Suggested discussions opened from the new-topic form over the period, and the questions
        avoided (community/steering/suggestions.py)."""
        counts = avoided_questions(self.period.start_at, self.period.end_at)
        return {"suggestions_opened": counts["opened"], "questions_avoided": counts["avoided"]}
