"""Error views that Django would otherwise render outside the site's layout."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """A French 403 page in the site's look (Django's own renders without context processors)."""
    return render(request, "403_csrf.html", status=403)
