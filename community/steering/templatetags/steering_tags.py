from django import template
from django.conf import settings
from django.urls import reverse

from ..unanswered import unanswered_for_moderator
from ..views import can_view_dashboard

register = template.Library()

SHOWN = 20


@register.inclusion_tag("steering/includes/unanswered_panel.html", takes_context=True)
def unanswered_questions(context):
    """The waiting questions of the rubrics the signed-in moderator moderates (two queries)."""
    request = context["request"]
    waiting = unanswered_for_moderator(request.user, request.forum_permission_handler)
    return {
        "topics": waiting[:SHOWN],
        "count": waiting.count(),
        "delay_hours": settings.COMCEP_UNANSWERED_DELAY_HOURS,
        "dashboard_url": reverse("community_dashboard") if can_view_dashboard(request.user) else "",
    }
