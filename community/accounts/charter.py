"""The community charter: a page editors maintain in Wagtail and choose in Settings > Community
(``CommunitySettings``), linked from the sign-up form."""

from .models import CommunitySettings


def charter_page(request=None):
    """The live charter page chosen in the community settings, or None when there is none."""
    page = CommunitySettings.load(request_or_site=request).charter_page
    return page if page is not None and page.live else None
