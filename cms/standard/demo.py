"""Demo legal pages, shown in the footer. Idempotent."""

from .models import StandardPage

LEGAL_PAGES = (
    (
        "mentions-legales",
        "Mentions légales",
        "Qui édite ComCep et qui l’héberge.",
        "<h2>Éditeur</h2><p>ComCep est édité par Centre Inffo, en partenariat avec l’Université ouverte "
        "des compétences et le Réseau des Carif-Oref.</p><h2>Hébergement</h2><p>Les coordonnées de "
        "l’hébergeur figurent ici une fois le service mis en production.</p>",
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
        "<h2>Vos droits</h2><p>Vous pouvez accéder à vos données, les rectifier ou les supprimer en "
        "écrivant à l’équipe ComCep.</p>",
    ),
)


def load(home, stdout):
    created = 0
    for slug, title, introduction, body in LEGAL_PAGES:
        if home.get_children().filter(slug=slug).exists():
            continue
        home.add_child(
            instance=StandardPage(
                slug=slug, title=title, introduction=introduction, body=body, show_in_menus=True
            )
        )
        created += 1
    stdout.write(f"Pages légales : {created} créée(s).")
