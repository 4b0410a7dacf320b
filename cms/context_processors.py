from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cms.standard.models import StandardPage


def portal(request):
    """The header navigation (only sections that exist) and the footer links, on every page."""
    path = request.path
    sections = [
        (_("Home"), "/", path == "/"),
        (_("Forum"), reverse("forum:index"), path.startswith(reverse("forum:index"))),
    ]
    return {
        "main_navigation": [
            {"label": label, "url": url, "current": current} for label, url, current in sections
        ],
        "footer_pages": StandardPage.footer_links,
    }
