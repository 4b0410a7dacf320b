"""The Wagtail site and its home page, created once and repaired when missing.

``setup_site`` is the one code path that builds a site's structure, for production
(``manage.py setup_site``) and for the demo (``manage.py load_demo`` runs it first).
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms import editorial
from cms.news.models import NewsIndexPage
from cms.offers.models import OfferIndexPage
from cms.paths.models import PathIndexPage
from cms.performance.invalidation import update
from cms.public_urls import site_host_and_port
from cms.questions.models import QuestionIndexPage
from cms.standard.bootstrap import ensure_legal_pages
from cms.structures.models import StructureIndexPage
from cms.toolbox.models import ToolboxIndexPage
from cms.videos.models import VideoIndexPage
from community.accounts.charter import ensure_charter_page
from community.accounts.roles import apply_forum_permissions, ensure_pilot_rubric

from .models import HomePage

SITE_NAME = "ComCep"
ROOT_TITLE = "Racine"
HOME_TITLE = "Bienvenue sur ComCep"
DEFAULT_INTRODUCTION = (
    "<p>ComCep réunit les conseillers et conseillères en évolution professionnelle de tous les "
    "opérateurs : France Travail, Apec, Missions locales, Cap emploi et les opérateurs régionaux "
    "pour les salariés. Échangez entre pairs, posez vos questions et trouvez vite une réponse.</p>"
)


def ensure_root():
    """The tree's root page, titled in French; return (root, changed)."""
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        return Page.add_root(instance=Page(title=ROOT_TITLE, slug="root", locale=locale)), 1
    if root.title == ROOT_TITLE and root.draft_title == ROOT_TITLE:
        return root, 0
    update(Page.objects.filter(pk=root.pk), title=ROOT_TITLE, draft_title=ROOT_TITLE)
    root.title = root.draft_title = ROOT_TITLE
    return root, 1


def ensure_home_page(root, introduction=DEFAULT_INTRODUCTION):
    """The home page, replacing Wagtail's "Welcome" placeholder; return (home, created)."""
    home = HomePage.objects.first()
    if home is not None:
        return home, 0
    # Wagtail's placeholder holds the slug "home"; deleting it also deletes the site on it.
    for placeholder in root.get_children().filter(slug="home").exact_type(Page):
        placeholder.delete()
    home = root.add_child(
        instance=HomePage(
            title=HOME_TITLE, slug="home", locale=root.locale, introduction=introduction
        )
    )
    home.save_revision().publish()
    return home, 1


def ensure_default_site(home):
    """The default site on the configured host, rooted at ``home``; return (site, changes)."""
    hostname, port = site_host_and_port()
    wanted = {"hostname": hostname, "port": port, "site_name": SITE_NAME, "root_page_id": home.pk}
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return Site.objects.create(is_default_site=True, **wanted), 1
    changed = {field: value for field, value in wanted.items() if getattr(site, field) != value}
    if not changed:
        return site, 0
    for field, value in changed.items():
        setattr(site, field, value)
    site.save()
    return site, 1


@transaction.atomic
def ensure_site(introduction=DEFAULT_INTRODUCTION):
    """Return the default site's home page, creating the locale, root, home page and site if needed.

    Running this twice creates nothing new.
    """
    root, _changed = ensure_root()
    home, _created = ensure_home_page(root, introduction)
    ensure_default_site(home)
    return home


@transaction.atomic
def setup_site(write):
    """Build or repair everything a production site needs; return the home page.

    ``write`` receives one French progress line per step. Idempotent: a second run reports
    nothing created, changed or removed.
    """
    root, changed = ensure_root()
    write(f"Page racine « {ROOT_TITLE} » : {changed} modifiée(s).")
    home, created = ensure_home_page(root)
    write(f"Page d’accueil : {created} créée(s).")
    site, changed = ensure_default_site(home)
    write(
        f"Site « {site.site_name} » ({site.hostname}, port {site.port}) : "
        f"{changed} créé(s) ou modifié(s)."
    )

    sections = [
        index_class.ensure_under(home)
        for index_class in (
            OfferIndexPage,
            StructureIndexPage,
            NewsIndexPage,
            VideoIndexPage,
            QuestionIndexPage,
            ToolboxIndexPage,
            PathIndexPage,
        )
    ]
    created = sum(was_created for _index, was_created in sections)
    write(
        "Rubriques du site (offres, structures, actualités, vidéos, questions fréquentes, "
        "boîte à outils, parcours) : "
        f"{created} créée(s)."
    )
    write(f"Pages légales : {ensure_legal_pages(home)} créée(s).")
    write(f"Charte de la communauté : {ensure_charter_page(home)} créée(s).")

    _collection, changed = editorial.ensure_root_collection()
    write(f"Collection racine « {editorial.ROOT_COLLECTION_NAME} » : {changed} modifiée(s).")
    created = editorial.ensure_editorial_workflow([home])
    write(
        f"Groupes {editorial.WRITERS_GROUP} et {editorial.EDITORS_GROUP}, droits et workflow "
        f"« {editorial.WORKFLOW_NAME} » : {created} créé(s)."
    )
    removed = editorial.retire_wagtail_defaults()
    write(f"Groupes et workflow anglais par défaut de Wagtail : {removed} supprimé(s).")

    write(f"Rubrique du groupe pilote : {ensure_pilot_rubric()} créée(s).")
    write(f"Droits du forum : {apply_forum_permissions()} modifié(s).")
    return home


def sync_site_address():
    """Give the default Wagtail site the hostname and port of ``WAGTAILADMIN_BASE_URL``.

    Wagtail builds every page's full URL from its site (``Site.root_url``: https on port 443,
    http otherwise), so the sitemap, feeds and API links follow the setting. Called by
    ``ensure_site`` and after every ``migrate``. Return True when the site changed.
    """
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    hostname, port = site_host_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    # Another (non-default) site already answering on this address keeps it.
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return False
    site.hostname, site.port = hostname, port
    # save() (not update()) so that Wagtail clears its cached site root paths.
    site.save(update_fields=["hostname", "port"])
    return True
