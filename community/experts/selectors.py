"""What other apps read of who knows what (a small surface: steering, member pages, templates)."""

from .models import Expertise, Referent


def referent_theme_ids(user):
    """The themes ``user`` is the référent·e of (ids)."""
    if not user.is_authenticated:
        return set()
    return set(
        Referent.objects.filter(user=user, theme__isnull=False).values_list("theme_id", flat=True)
    )


def theme_referent_ids(theme_ids):
    """The members who are référent·e of one of ``theme_ids``."""
    return set(Referent.objects.filter(theme_id__in=theme_ids).values_list("user_id", flat=True))


def shown_expertise(member):
    """What ``member`` chose to show of their expertise on their profile: {"themes": […],
    "audiences": […], "referent_of": […]} (empty lists when hidden or never declared)."""
    expertise = (
        Expertise.objects.filter(user=member).prefetch_related("themes", "audiences").first()
    )
    referent_of = [
        referent.scope
        for referent in Referent.objects.filter(user=member).select_related("theme", "operator")
    ]
    return {
        "themes": list(expertise.themes.all()) if expertise and expertise.show_themes else [],
        "audiences": (
            list(expertise.audiences.all()) if expertise and expertise.show_audiences else []
        ),
        "referent_of": referent_of,
    }
