from django import template
from django.utils.translation import get_language

from cms.performance.invalidation import CONTENT, topic_key
from cms.performance.shared import remember
from community.experts import routing
from community.experts.models import Routing
from community.experts.selectors import shown_expertise as shown
from community.experts.views import is_member

register = template.Library()


@register.inclusion_tag("experts/includes/topic_routings.html")
def topic_routings(topic):
    """ "Question transmise à …" and "Pris en charge par …" on a topic: the members' names, read
    once per version of the topic (a routing written or ended bumps it) and of public content
    (members' names)."""
    return remember(
        f"topic-routings:{topic.pk}:{get_language()}",
        lambda: _routing_names(topic),
        keys=(CONTENT, topic_key(topic.pk)),
    )


def _routing_names(topic):
    rows = list(
        Routing.objects.filter(topic=topic)
        .filter(ended_at__isnull=True)
        .select_related("member")
        .order_by("created", "pk")
    )
    assigned = next((row.member for row in rows if row.kind == Routing.Kind.ASSIGNMENT), None)
    return {
        "asked": [
            str(row.member.get_display_name()) for row in rows if row.kind == Routing.Kind.REQUEST
        ],
        "assigned": str(assigned.get_display_name()) if assigned is not None else None,
    }


class _TopicFacts:
    """What the permission checks read of a topic, from a member part's values."""

    def __init__(self, pk, forum_id, poster_id, approved, locked):
        self.pk, self.forum_id, self.poster_id = pk, forum_id, poster_id
        self.approved, self.is_locked = approved, locked


@register.simple_tag(takes_context=True)
def expert_actions(context, topic_pk, forum_pk, topic_poster_id, topic_approved, topic_locked):
    """What the reader may do to route this question: {"request": …, "assign": …}."""
    request = context["request"]
    user = context["user"]
    handler = getattr(request, "forum_permission_handler", None)
    topic = _TopicFacts(topic_pk, forum_pk, topic_poster_id, topic_approved, topic_locked)
    return {
        "request": routing.can_request_help(user, topic, handler),
        "assign": routing.can_assign(user, topic, handler),
    }


@register.simple_tag(takes_context=True)
def shown_expertise(context, member):
    """What ``member`` chose to show of their expertise, and their référent roles: to signed-in
    members only, as the directory."""
    if not is_member(context["request"].user):
        return {}
    return shown(member)
