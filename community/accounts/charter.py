"""The community charter: a page editors maintain in Wagtail, linked from the sign-up form."""

from cms.standard.models import StandardPage

CHARTER_SLUG = "charte-de-la-communaute"


def charter_page():
    """The live charter page, or None when editors have not published one."""
    return StandardPage.objects.live().filter(slug=CHARTER_SLUG).first()
