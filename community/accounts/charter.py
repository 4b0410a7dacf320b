"""The community charter: a page editors maintain in Wagtail, linked from the sign-up form."""

from cms.publishing import publish_child
from cms.standard.models import StandardPage

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


def charter_page():
    """The live charter page, or None when editors have not published one."""
    return StandardPage.objects.live().filter(slug=CHARTER_SLUG).first()


def ensure_charter_page(home):
    """Create the charter under ``home`` unless it exists; return 1 when it was created."""
    if StandardPage.objects.filter(slug=CHARTER_SLUG).exists():
        return 0
    publish_child(
        home,
        StandardPage(
            slug=CHARTER_SLUG,
            title=CHARTER_TITLE,
            introduction=CHARTER_INTRODUCTION,
            body=CHARTER_BODY,
        ),
    )
    return 1
