"""Demo CEP news. Idempotent (matched by slug)."""

import datetime

from django.utils import timezone
from django.utils.text import slugify

from cms.offers.models import OfferPage
from cms.offers.rechecks import news_alerts_paused
from cms.publishing import publish_child
from cms.taxonomies.models import Scheme, Theme

from .models import NewsIndexPage, NewsPage

# (days ago, title, summary, paragraph, themes, schemes, offer slugs affected)
NEWS = (
    (
        3,
        "Le CEP fête ses dix ans : bilan et perspectives",
        "Dix ans après sa création, le conseil en évolution professionnelle a accompagné plusieurs millions d’actifs. Retour sur les chiffres clés.",
        "Le bilan publié par France compétences montre une forte progression du recours au CEP par les salariés depuis 2020.",
        ("reconversion",),
        ("cep",),
        (),
    ),
    (
        8,
        "CPF : une participation forfaitaire désormais demandée",
        "Une participation du titulaire est désormais demandée pour chaque formation financée par le CPF, sauf exceptions.",
        "Les demandeurs d’emploi et les formations financées avec un abondement de l’employeur en sont exonérés.",
        ("financement", "formation"),
        ("cpf",),
        ("compte-personnel-de-formation",),
    ),
    (
        15,
        "Transitions Pro : le calendrier des commissions 2027 est publié",
        "Les associations régionales publient les dates de dépôt des dossiers de projet de transition professionnelle.",
        "Anticipez : un dossier complet doit être déposé au moins deux mois avant la commission.",
        ("financement", "reconversion"),
        ("ptp",),
        ("projet-de-transition-professionnelle",),
    ),
    (
        21,
        "La VAE entièrement dématérialisée sur la plateforme nationale",
        "Le parcours de validation des acquis de l’expérience se fait désormais de bout en bout en ligne.",
        "Un architecte accompagnateur de parcours suit le candidat de la recevabilité au jury.",
        ("validation-des-acquis",),
        ("vae",),
        (),
    ),
    (
        30,
        "Nouveaux métiers en tension : la liste régionale actualisée",
        "La liste des métiers en tension a été révisée dans plusieurs régions, ce qui ouvre de nouveaux financements.",
        "Les abondements régionaux du CPF s’appliquent aux formations menant à ces métiers.",
        ("formation", "financement"),
        ("cpf",),
        ("abondement-regional-du-cpf-pour-les-metiers-en-tension",),
    ),
    (
        37,
        "Création d’entreprise : ce qui change pour l’ACRE",
        "Les conditions d’accès à l’ACRE pour les micro-entrepreneurs ont été précisées.",
        "Vérifiez l’éligibilité avant l’immatriculation : la demande doit être faite dans les délais.",
        ("creation-dentreprise",),
        ("acre",),
        ("acre-exoneration-de-debut-dactivite",),
    ),
    (
        45,
        "Cap emploi et France Travail : un lieu unique d’accompagnement",
        "Les équipes de Cap emploi rejoignent les agences France Travail pour un accompagnement commun.",
        "Les personnes en situation de handicap gardent un conseiller spécialisé, dans un lieu d’accueil unique.",
        ("handicap-et-emploi",),
        (),
        (),
    ),
    (
        52,
        "Groupe pilote ComCep : les premiers enseignements",
        "Dix-neuf conseillers de tous les opérateurs ont testé la communauté. Ils demandent des réponses plus rapides et des rubriques construites avec eux.",
        "La deuxième consultation testera une version bêta avec accès aux capsules vidéo de l’UODC.",
        ("outils-du-conseiller",),
        ("cep",),
        (),
    ),
    (
        60,
        "Pro-A : la liste des certifications éligibles élargie",
        "De nouvelles branches ont signé un accord ouvrant la reconversion par alternance à davantage de certifications.",
        "Les salariés concernés peuvent se renseigner auprès de leur opérateur de compétences.",
        ("formation",),
        ("pro-a",),
        ("pro-a-reconversion-ou-promotion-par-alternance",),
    ),
    (
        75,
        "Accompagner les publics fragiles : un guide pour les conseillers",
        "Un guide pratique rassemble les ressources pour accompagner les personnes en situation de précarité ou de fragilité psychologique.",
        "Il propose des repères de posture et des contacts de partenaires spécialisés.",
        ("publics-fragiles", "posture-daccompagnement"),
        (),
        (),
    ),
    (
        90,
        "Bilan de compétences : nouvelles exigences de qualité",
        "Les prestataires doivent se conformer à un cahier des charges renforcé.",
        "Les bénéficiaires reçoivent une synthèse écrite et restent propriétaires des résultats.",
        ("reconversion",),
        ("bilan-de-competences",),
        (),
    ),
    (
        110,
        "Transitions collectives : bilan d’étape",
        "Le dispositif a permis à plusieurs milliers de salariés de se reconvertir sans passer par le chômage.",
        "Les plateformes territoriales continuent d’outiller les entreprises et les salariés.",
        ("reconversion",),
        ("transitions-collectives",),
        ("transitions-collectives",),
    ),
    (
        130,
        "Le Contrat d’engagement jeune élargi",
        "Davantage de jeunes peuvent bénéficier d’un accompagnement intensif avec allocation.",
        "Les Missions locales et France Travail précisent les modalités d’entrée.",
        ("retour-a-lemploi", "publics-fragiles"),
        (),
        ("contrat-dengagement-jeune",),
    ),
)


def load(home, stdout, publisher=None):
    index, _created = NewsIndexPage.ensure_under(home)
    themes = Theme.objects.in_bulk(field_name="slug")
    schemes = Scheme.objects.in_bulk(field_name="slug")
    offers = {offer.slug: offer for offer in OfferPage.objects.all()}
    existing = set(NewsPage.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    created = 0
    for days, title, summary, paragraph, theme_slugs, scheme_slugs, offer_slugs in NEWS:
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        page = NewsPage(
            title=title,
            slug=slug,
            date=today - datetime.timedelta(days=days),
            summary=summary,
            body=[("paragraph", f"<p>{paragraph}</p>")],
        )
        page.themes = [themes[s] for s in theme_slugs]
        page.schemes = [schemes[s] for s in scheme_slugs]
        page.related_offers = [offers[s] for s in offer_slugs if s in offers]
        # Past news: the demo catalogue already takes them into account (nothing to check again).
        with news_alerts_paused():
            publish_child(
                index, page, timezone.now() - datetime.timedelta(days=days), user=publisher
            )
        created += 1
    stdout.write(f"Actualités : {created} créée(s).")
    return index
