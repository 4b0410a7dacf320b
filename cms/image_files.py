"""Images shown on public pages, only with their file."""

import logging

logger = logging.getLogger(__name__)


def image_with_file(image):
    """The image if it has a file, else None, logged: a page shows it or goes without it.

    An image row without a file (left by an import that could not fetch it, or a file field
    emptied by hand) makes Wagtail raise ``ValueError`` on every rendition, a 500 on any page
    showing it; a file missing from the storage is Wagtail's own case (an empty rendition).
    """
    if image is None:
        return None
    if not image.file.name:
        logger.warning("Image %s (“%s”) has no file: shown without it", image.pk, image.title)
        return None
    return image
