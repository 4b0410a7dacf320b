"""The legal pages every site needs, shown in the footer (created by ``manage.py setup_site``).

Their text is a short placeholder that editors replace in Wagtail before opening the site.
"""

from cms.publishing import publish_child

from .models import StandardPage

LEGAL_PAGES = (
    (
        "mentions-legales",
        "Mentions légales",
        "Qui édite ComCep et qui l’héberge.",
        "<h2>Éditeur</h2><p>ComCep est édité par Centre Inffo, en partenariat avec l’Université ouverte "
        "des compétences et le Réseau des Carif-Oref.</p><h2>Hébergement</h2><p>Nom, adresse et "
        "téléphone de l’hébergeur : à compléter avant l’ouverture du service.</p>",
    ),
    (
        "accessibilite",
        "Accessibilité",
        "Déclaration d’accessibilité du portail.",
        "<p>ComCep vise la conformité au référentiel général d’amélioration de l’accessibilité (RGAA). "
        "L’audit de conformité n’a pas encore été réalisé.</p><h2>Nous signaler un problème</h2><p>Si "
        "un contenu ne vous est pas accessible, écrivez à l’équipe ComCep : nous vous répondrons sous "
        "sept jours ouvrés.</p>",
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Quelles données ComCep traite et comment exercer vos droits.",
        "<p>ComCep traite les données nécessaires à votre compte de membre : nom, nom affiché, adresse "
        "électronique professionnelle et structure. Votre adresse électronique n’est jamais publiée.</p>"
        # The cookies listed here are exactly those a member receives (tests/cms/standard/test_cookies.py).
        "<h2>Cookies</h2><p>Un visiteur qui n’est pas connecté ne reçoit aucun cookie en lisant le "
        "site : aucun bandeau de consentement n’est donc nécessaire. Les pages de connexion et "
        "d’adhésion déposent le cookie csrftoken ; un membre connecté reçoit ces trois cookies, "
        "strictement nécessaires au service (jamais de mesure d’audience ni de publicité) :</p><ul>"
        "<li><b>sessionid</b> : garde votre connexion ouverte (deux semaines au plus) ;</li>"
        "<li><b>csrftoken</b> : protège vos formulaires contre les envois frauduleux (un an) ;</li>"
        "<li><b>messages</b> : affiche la confirmation d’une action (« message publié »), puis "
        "s’efface.</li></ul>"
        "<h2>Vos droits</h2><p>Vous pouvez accéder à vos données, les rectifier ou les supprimer en "
        "écrivant à l’équipe ComCep.</p>",
    ),
)


def ensure_legal_pages(home):
    """Create the missing legal pages under ``home``; return how many were created."""
    existing = set(home.get_children().values_list("slug", flat=True))
    created = 0
    for slug, title, introduction, body in LEGAL_PAGES:
        if slug in existing:
            continue
        publish_child(
            home,
            StandardPage(
                slug=slug, title=title, introduction=introduction, body=body, show_in_menus=True
            ),
        )
        created += 1
    return created
