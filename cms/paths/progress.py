"""What a member sees of a path (each step available or not, done or not) and their progress.

Pages are read live and public only; forum discussions through ``Topic.objects.visible_to``: a
step whose discussion the reader may not read is shown as unavailable, never its subject. A path
costs the same number of queries whatever its number of steps.
"""

from dataclasses import dataclass, replace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.listing import visible_pages

from .models import PathEnrolment, PathPage, PathStep, StepCompletion

KIND_LABELS = {
    ("videos", "videopage"): _("Video"),
    ("offers", "offerpage"): _("Fiche"),
    ("toolbox", "toolpage"): _("Tool"),
    ("questions", "questionanswerpage"): _("Question and answer"),
}
TOPIC_LABEL = _("Forum discussion")


def may_follow(user):
    """Signed-in members whose membership is approved."""
    return user.is_authenticated and user.is_approved


def percent(done, total):
    return round(100 * done / total) if total else 0


@dataclass
class StepLine:
    step: PathStep
    number: int
    kind: str
    title: str = ""
    url: str = ""

    @property
    def available(self):
        return bool(self.url)


@dataclass
class MemberProgress:
    """What the reader has done of a path (member parts of the path page: ``member_progress``)."""

    may_follow: bool
    started: bool
    done_ids: frozenset
    total: int = 0

    @property
    def done(self):
        return len(self.done_ids)

    @property
    def percent(self):
        return percent(self.done, self.total)

    @property
    def finished(self):
        return self.total > 0 and self.done == self.total


def _handler(request):
    return getattr(request, "forum_permission_handler", None)


def readable_topics(request, topic_ids):
    """The topics of ``topic_ids`` the request's user may read, by id (one query)."""
    if not topic_ids:
        return {}
    Topic = get_model("forum_conversation", "Topic")
    topics = Topic.objects.visible_to(request.user, _handler(request)).filter(pk__in=topic_ids)
    return {topic.pk: topic for topic in topics.select_related("forum")}


def readable_pages(page_ids):
    """The live public pages of ``page_ids``, by id (one query)."""
    if not page_ids:
        return {}
    pages = visible_pages(Page.objects.filter(pk__in=page_ids))
    return {page.pk: page for page in pages}


def step_is_readable(request, step):
    """Whether the reader of ``request`` may open what ``step`` points to."""
    if step.topic_id:
        return step.topic_id in readable_topics(request, [step.topic_id])
    return step.page_id in readable_pages([step.page_id])


def path_steps(request, path):
    """The steps of ``path`` as ``request.user`` sees them (available or not; the same for every
    reader with the same forum permissions: the members' page cache keeps it)."""
    steps = list(path.steps.order_by("sort_order", "pk"))
    pages = readable_pages([s.page_id for s in steps if s.page_id])
    topics = readable_topics(request, [s.topic_id for s in steps if s.topic_id])
    lines = []
    for number, step in enumerate(steps, start=1):
        line = StepLine(step=step, number=number, kind=TOPIC_LABEL)
        if step.topic_id in topics:
            topic = topics[step.topic_id]
            line.title, line.url = topic.subject, topic.get_absolute_url()
        elif step.page_id in pages:
            page = pages[step.page_id]
            content_type = ContentType.objects.get_for_id(page.content_type_id)
            line.kind = KIND_LABELS.get((content_type.app_label, content_type.model), "")
            line.title, line.url = page.title, page.get_url(request)
        elif step.page_id:
            line.kind = ""
        lines.append(line)
    return lines


def member_progress(request, path_pk, total=0):
    """What ``request.user`` did of the path ``path_pk`` (``total``: its number of steps), read
    once a request for all the member parts of its page (two queries)."""
    known = request.__dict__.setdefault("_path_progress", {})
    if path_pk not in known:
        user = request.user
        done_ids, started, follows = frozenset(), False, may_follow(user)
        # An unsaved path (the admin's preview of a new one) has no progress.
        if follows and path_pk:
            done_ids = frozenset(
                StepCompletion.objects.filter(member=user, step__path_id=path_pk).values_list(
                    "step_id", flat=True
                )
            )
            started = (
                bool(done_ids)
                or PathEnrolment.objects.filter(member=user, path_id=path_pk).exists()
            )
        known[path_pk] = MemberProgress(follows, started, done_ids)
    return replace(known[path_pk], total=total)


@dataclass
class FollowedPath:
    path: PathPage
    done: int
    total: int
    started_at: object

    @property
    def percent(self):
        return percent(self.done, self.total)


def my_paths(member):
    """The live public paths ``member`` started, most recently started first (three queries)."""
    enrolments = list(
        PathEnrolment.objects.filter(member=member, path__in=PathPage.objects.visible()).order_by(
            "-started_at", "-pk"
        )
    )
    path_ids = [enrolment.path_id for enrolment in enrolments]
    paths = PathPage.objects.filter(pk__in=path_ids).annotate(step_count=Count("steps"))
    paths = {path.pk: path for path in paths}
    done = dict(
        StepCompletion.objects.filter(member=member, step__path__in=path_ids)
        .values("step__path")
        .annotate(n=Count("pk"))
        .values_list("step__path", "n")
    )
    return [
        FollowedPath(
            path=paths[e.path_id],
            done=done.get(e.path_id, 0),
            total=paths[e.path_id].step_count,
            started_at=e.started_at,
        )
        for e in enrolments
        if e.path_id in paths
    ]


def start(member, path):
    PathEnrolment.objects.get_or_create(member=member, path=path)


def mark(member, step, done):
    """Mark ``step`` done (or not) for ``member``; starting a step starts its path."""
    start(member, step.path)
    if done:
        StepCompletion.objects.get_or_create(member=member, step=step)
    else:
        StepCompletion.objects.filter(member=member, step=step).delete()


def steps_teaching(page, request=None):
    """The steps of live public paths that point to ``page`` (a tool, a video…), with their path
    (one query)."""
    steps = (
        PathStep.objects.filter(page=page, path__in=PathPage.objects.visible())
        .select_related("path")
        .order_by("path__title", "sort_order")
    )
    return [(step, step.path.get_url(request)) for step in steps]
