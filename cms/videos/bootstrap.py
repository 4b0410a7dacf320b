"""The video library index page, part of every site: ``manage.py setup_site`` creates it."""

from cms.publishing import publish_child

from .models import VideoIndexPage

INDEX_TITLE = "Vidéos"
INDEX_SLUG = "videos"
INDEX_INTRODUCTION = "Les capsules vidéo de l’Université ouverte des compétences (UODC) pour les conseillers en évolution professionnelle : des formats courts, chacun avec sa transcription, à regarder seul ou en équipe."


def ensure_index(home):
    """The index page under ``home``; return (index, created)."""
    index = VideoIndexPage.objects.first()
    if index is not None:
        return index, 0
    index = publish_child(
        home,
        VideoIndexPage(
            title=INDEX_TITLE,
            slug=INDEX_SLUG,
            introduction=INDEX_INTRODUCTION,
        ),
    )
    return index, 1
