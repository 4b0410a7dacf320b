"""Creating pages from code the way an editor would: added, revised and published."""

from wagtail.models import Page


def publish_child(parent, page, published_at=None):
    """Add ``page`` under ``parent`` and publish it with a first revision.

    ``published_at`` back-dates the publication (demo content that appeared over time).
    """
    parent.add_child(instance=page)
    page.save_revision().publish()
    if published_at is not None:
        Page.objects.filter(pk=page.pk).update(
            first_published_at=published_at, last_published_at=published_at
        )
        page.first_published_at = page.last_published_at = published_at
    return page
