"""Creating pages from code the way an editor would: added, revised and published."""

from wagtail.models import Page

from cms.performance.invalidation import update


def publish_child(parent, page, published_at=None, user=None):
    """Add ``page`` under ``parent`` and publish it with a first revision.

    ``published_at`` back-dates the publication (demo content that appeared over time). ``user``
    is the editor who publishes: the page's owner, the author of its revision and of the
    publication in the page history (the "aging pages" report names them).
    """
    if user is not None:
        page.owner = user
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    if published_at is not None:
        update(
            Page.objects.filter(pk=page.pk),
            first_published_at=published_at,
            last_published_at=published_at,
        )
        page.first_published_at = page.last_published_at = published_at
    return page
