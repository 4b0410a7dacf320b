from django import template
from django.urls import reverse

from community.pilot.models import Feedback

register = template.Library()


@register.inclusion_tag("pilot/feedback_control.html", takes_context=True)
def feedback_control(context):
    """The footer's "Your opinion of ComCep" form, for approved members (not on the form's own
    page, which already shows it)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = (
        user is not None
        and user.is_authenticated
        and user.is_approved
        and not request.path.startswith(reverse("pilot:feedback"))
    )
    return {"shown": shown, "request": request, "feedback_ratings": Feedback.RATINGS}
