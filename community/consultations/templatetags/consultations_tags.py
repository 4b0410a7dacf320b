from django import template
from django.utils import timezone

from cms.performance.invalidation import cache
from cms.performance.shared import remember

from .. import audience
from ..models import ConsultationPage, Participation, answered_cache_key, participation_key

register = template.Library()


def _live_consultations():
    """Every live consultation that has not closed, for every member: kept under the version of
    public content (a publication bumps it)."""
    return [
        {
            "pk": page.pk,
            "title": page.title,
            "url": page.url,
            "audience": page.audience,
            "opens_at": page.opens_at,
            "closes_at": page.closes_at,
            "anonymous": page.anonymous,
        }
        for page in ConsultationPage.objects.live()
        .filter(closes_at__gt=timezone.now())
        .order_by("closes_at", "pk")
    ]


@register.simple_tag(takes_context=True)
def open_consultations(context):
    """The consultations open to the member now, each with ``answered``. From the shared cache:
    no query while nothing changes; the member's answers are read once after each answer."""
    user = context["request"].user
    mine = audience.audiences_of(user)
    if not mine:
        return []
    now = timezone.now()
    consultations = [
        dict(item)
        for item in remember("live-consultations", _live_consultations)
        if item["audience"] in mine and item["opens_at"] <= now < item["closes_at"]
    ]
    if not consultations:
        return []
    key = answered_cache_key(user)
    answered = cache().get(key)
    if answered is None:
        keys = {participation_key(item["pk"], user.pk): item["pk"] for item in consultations}
        answered = {
            keys[member_key]
            for member_key in Participation.objects.filter(member_key__in=keys).values_list(
                "member_key", flat=True
            )
        }
        # Only the consultations open now were looked up: kept for as long as none opens.
        cache().set(key, (tuple(sorted(keys.values())), answered), 3600)
    else:
        looked_up, answered = answered
        if not {item["pk"] for item in consultations} <= set(looked_up):
            cache().delete(key)
            return open_consultations(context)
    for item in consultations:
        item["answered"] = item["pk"] in answered
    return consultations
