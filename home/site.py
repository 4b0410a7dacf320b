"""The Wagtail site and its home page, created once and repaired when missing."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

DEFAULT_INTRODUCTION = (
    "<p>ComCep réunit les conseillers et conseillères en évolution professionnelle de tous les "
    "opérateurs : France Travail, Apec, Missions locales, Cap emploi et les opérateurs régionaux "
    "pour les salariés. Échangez entre pairs, posez vos questions et trouvez vite une réponse.</p>"
)


@transaction.atomic
def ensure_site(introduction=DEFAULT_INTRODUCTION):
    """Return the default site's home page, creating the locale, root, home page and site if needed.

    Wagtail's own migration creates a placeholder "Welcome" page; it is replaced by our HomePage.
    Running this twice creates nothing new.
    """
    locale, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))

    home = HomePage.objects.first()
    if home is None:
        for placeholder in root.get_children().filter(slug="home").exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(
                title="Bienvenue sur ComCep",
                slug="home",
                locale=locale,
                introduction=introduction,
            )
        )

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, site_name="ComCep", root_page=home, is_default_site=True
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "ComCep"
        site.save()
    return home
