"""Asking the people who know: suggestions, requests for help, assignments, their return.

Every suggestion, request and assignment is limited to members who may read the question's
rubric (``community.notifications.audience.Audience``, the visibility surface in bulk) and may
take part (a role that posts, an approved membership): a question of the private pilot rubric is
never routed to someone outside the pilot group. Notifications and e-mails go through
``community.notifications.services.notify``, which checks the same again.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from machina.core.db.models import get_model

from cms.performance.invalidation import bulk_create, bump
from community.accounts.roles import (
    MODERATORS_GROUP,
    PARTICIPANT_GROUPS,
    PILOT_MODERATORS_GROUP,
    _approved_member_in,
)
from community.forum_conversation.visibility import ForumAccess
from community.notifications.audience import Audience
from community.notifications.models import Notification
from community.notifications.services import notify

from .models import Expertise, Referent, Routing

Topic = get_model("forum_conversation", "Topic")

# How many members one "Solliciter un expert" may ask at once, and how many are suggested.
MAX_CHOSEN = 3
MAX_SUGGESTIONS = 10
# Candidates read per source before the visibility check (bounded queries at any size).
CANDIDATES_PER_SOURCE = 50


@dataclass
class Suggestion:
    member: object
    rank: int
    reasons: list = field(default_factory=list)
    answers: int = 0


def may_take_part(user):
    return _approved_member_in(user, PARTICIPANT_GROUPS)


def moderates(user, topic, handler=None):
    """Whether ``user`` moderates the rubric of ``topic``."""
    if not user.is_authenticated:
        return False
    return topic.forum_id in ForumAccess.for_user(user, handler).moderated


def can_request_help(user, topic, handler=None):
    """The question's author (a member who may take part) or a moderator of its rubric, on an
    approved, open question."""
    if not user.is_authenticated or not topic.approved or topic.is_locked:
        return False
    if moderates(user, topic, handler):
        return True
    return topic.poster_id == user.pk and may_take_part(user)


def can_assign(user, topic, handler=None):
    return topic.approved and moderates(user, topic, handler)


def requests_left(topic):
    return max(0, settings.COMCEP_EXPERT_REQUESTS_PER_TOPIC - topic.routings.requests().count())


def eligible_members(topic, member_ids):
    """Of ``member_ids``, the approved members with a role that posts who may read ``topic``
    (the topic's author excepted): {id: member}."""
    User = get_user_model()
    member_ids = set(member_ids) - {topic.poster_id, None}
    if not member_ids:
        return {}
    participants = set(
        User.approved_members()
        .filter(pk__in=member_ids, groups__name__in=PARTICIPANT_GROUPS)
        .values_list("pk", flat=True)
    ) | set(
        User.objects.filter(pk__in=member_ids, is_superuser=True, is_active=True).values_list(
            "pk", flat=True
        )
    )
    audience = Audience(participants)
    readers = audience.readers(topic)
    return {pk: audience.users[pk] for pk in readers}


def suggest_experts(topic, requester, handler=None, limit=MAX_SUGGESTIONS):
    """Members who could answer ``topic``, best first: the référent·es of its themes, then the
    members who declared one of its themes, then those whose validated answers are in its themes
    or its rubric. Only members who may read the question; never its author, the requester or
    someone already asked. A bounded number of queries whatever the community's size."""
    theme_ids = [theme.pk for theme in topic.themes.all()]
    themes = {theme.pk: theme.name for theme in topic.themes.all()}
    found = {}

    def add(member_id, rank, reason):
        suggestion = found.setdefault(member_id, Suggestion(None, rank))
        suggestion.rank = min(suggestion.rank, rank)
        if reason not in suggestion.reasons:
            suggestion.reasons.append(reason)
        return suggestion

    if theme_ids:
        for member_id, theme_id in Referent.objects.filter(theme_id__in=theme_ids).values_list(
            "user_id", "theme_id"
        )[:CANDIDATES_PER_SOURCE]:
            add(member_id, 0, _("Referent for %(theme)s") % {"theme": themes[theme_id]})
        declared = (
            Expertise.objects.filter(themes__in=theme_ids, accepts_requests=True)
            .values_list("user_id", "themes")
            .order_by("-updated")[:CANDIDATES_PER_SOURCE]
        )
        for member_id, theme_id in declared:
            add(member_id, 1, _("Can help with %(theme)s") % {"theme": themes[theme_id]})
    # Validated answers among the questions the requester may see, of these themes or rubric.
    scope = Q(forum_id=topic.forum_id)
    if theme_ids:
        scope |= Q(
            pk__in=Topic.themes.through.objects.filter(theme_id__in=theme_ids).values("topic_id")
        )
    answered = (
        Topic.objects.visible_to(requester, handler)
        .filter(scope, approved=True, validated_post__isnull=False)
        .values("validated_post__poster_id")
        .annotate(answers=Count("pk"))
        .order_by("-answers")[:CANDIDATES_PER_SOURCE]
    )
    for row in answered:
        member_id = row["validated_post__poster_id"]
        if member_id is None:
            continue
        suggestion = add(member_id, 2, "")
        suggestion.answers = row["answers"]
    asked = set(topic.routings.requests().values_list("member_id", flat=True))
    members = eligible_members(topic, set(found) - asked - {requester.pk})
    suggestions = []
    for member_id, member in members.items():
        suggestion = found[member_id]
        suggestion.member = member
        suggestion.reasons = [reason for reason in suggestion.reasons if reason]
        if suggestion.answers:
            suggestion.reasons.append(
                _("%(count)s validated answer(s) on these themes or in this rubric")
                % {"count": suggestion.answers}
            )
        suggestions.append(suggestion)
    suggestions.sort(
        key=lambda s: (s.rank, -len(s.reasons), -s.answers, str(s.member.get_display_name()))
    )
    return suggestions[:limit]


def request_help(topic, requester, members):
    """Ask ``members`` (already checked: suggested to ``requester``) for their help on ``topic``:
    one routing row each, one notification (and an e-mail by their preferences)."""
    with transaction.atomic():
        created = [
            Routing(topic=topic, member=member, kind=Routing.Kind.REQUEST, routed_by=requester)
            for member in members
        ]
        bulk_create(Routing, created, ignore_conflicts=True)
        # bulk_create sends no signal: the topic page shows the new line at once.
        _routings_changed()
        notify(
            Notification.Kind.EXPERT_REQUEST,
            {member.pk for member in members},
            actor=requester,
            topic=topic,
        )
    return members


def assign(topic, moderator, member):
    """Put ``topic`` in the hands of ``member`` (a previous assignment ends) and tell them."""
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        for previous in topic.routings.open_assignments():
            previous.ended_at = timezone.now()
            previous.save(update_fields=["ended_at"])
        routing = Routing.objects.create(
            topic=topic, member=member, kind=Routing.Kind.ASSIGNMENT, routed_by=moderator
        )
        notify(Notification.Kind.QUESTION_ASSIGNED, {member.pk}, actor=moderator, topic=topic)
    return routing


def assignment_delay():
    return timedelta(hours=settings.COMCEP_ASSIGNMENT_DELAY_HOURS)


def return_overdue_assignments(now=None):
    """Assigned questions still unanswered after ``COMCEP_ASSIGNMENT_DELAY_HOURS`` come back to
    the moderators of their rubric: the assignment ends and they are told. Return how many."""
    now = now or timezone.now()
    overdue = list(
        Routing.objects.open_assignments()
        .filter(created__lte=now - assignment_delay(), topic__first_reply_at__isnull=True)
        .select_related("topic", "topic__forum", "member")
    )
    if not overdue:
        return 0

    User = get_user_model()
    moderator_ids = set(
        User.approved_members()
        .filter(groups__name__in=(MODERATORS_GROUP, PILOT_MODERATORS_GROUP))
        .values_list("pk", flat=True)
    )
    audience = Audience(moderator_ids)
    for routing in overdue:
        routing.ended_at = now
        routing.save(update_fields=["ended_at"])
        topic = routing.topic
        moderators = {
            pk for pk, access in audience.access.items() if topic.forum_id in access.moderated
        }
        notify(
            Notification.Kind.ASSIGNMENT_RETURNED,
            moderators,
            actor=routing.member,
            topic=topic,
            audience=audience,
        )
    return len(overdue)


def waiting_for(user, handler=None):
    """The questions waiting for ``user``: assigned to them (still in their hands) or on which
    someone asked for their help, that they may read, not resolved and not yet answered by them;
    oldest first. Each topic carries ``assigned``: whether it is in their hands."""
    Post = get_model("forum_conversation", "Post")
    mine = Routing.objects.filter(member=user).filter(
        Q(kind=Routing.Kind.REQUEST) | Q(kind=Routing.Kind.ASSIGNMENT, ended_at__isnull=True)
    )
    replied = Post.objects.filter(topic=OuterRef("pk"), poster=user, approved=True).exclude(
        pk=OuterRef("first_post_id")
    )
    return (
        Topic.objects.visible_to(user, handler)
        .filter(pk__in=mine.values("topic_id"), approved=True, validated_post__isnull=True)
        .exclude(Exists(replied))
        .annotate(
            assigned=Exists(
                Routing.objects.open_assignments().filter(topic=OuterRef("pk"), member=user)
            )
        )
        .select_related("forum", "poster")
        .order_by("created", "pk")
    )


def _routings_changed():
    bump()
