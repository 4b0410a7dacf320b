"""The community charter: a page editors maintain in Wagtail and choose in Settings > Community
(``CommunitySettings``), linked from the sign-up form."""

from cms.publishing import publish_child
from cms.standard.models import StandardPage

from .models import CommunitySettings

CHARTER_SLUG = "charte-de-la-communaute"
# The first version, created by ``manage.py setup_site``; editors amend it in Wagtail.
CHARTER_TITLE = "Charte de la communauté"
CHARTER_INTRODUCTION = "Les règles que chaque membre accepte en rejoignant ComCep."
CHARTER_BODY = (
    "<h2>Une communauté de professionnels</h2>"
    "<p>ComCep réunit des conseillers et conseillères en évolution professionnelle de tous les "
    "opérateurs. On y échange entre pairs, avec bienveillance et dans le respect des pratiques de "
    "chacun.</p>"
    "<h2>Confidentialité</h2>"
    "<p>Ne publiez jamais le nom ni aucune information permettant d’identifier une personne "
    "accompagnée.</p>"
    "<h2>Modération</h2>"
    "<p>Les modérateurs peuvent masquer ou supprimer un message contraire à la charte, avertir ou "
    "suspendre son auteur. Chaque action est consignée dans un journal.</p>"
)


def charter_page(request=None):
    """The live charter page chosen in the community settings, or None when there is none."""
    page = CommunitySettings.load(request_or_site=request).charter_page
    return page if page is not None and page.live else None


def ensure_charter_page(home):
    """Create the charter under ``home`` unless it exists, and choose it in the community settings
    unless an editor chose another page; return 1 when the page was created."""
    page = StandardPage.objects.filter(slug=CHARTER_SLUG).first()
    created = page is None
    if created:
        page = publish_child(
            home,
            StandardPage(
                slug=CHARTER_SLUG,
                title=CHARTER_TITLE,
                introduction=CHARTER_INTRODUCTION,
                body=CHARTER_BODY,
            ),
        )
    community_settings = CommunitySettings.load()
    if community_settings.charter_page_id is None:
        community_settings.charter_page = page
        community_settings.save(update_fields=["charter_page"])
    return int(created)
