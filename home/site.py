"""The Wagtail site and its home page, created once and repaired when missing."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms.public_urls import site_host_and_port

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
    The site's address follows ``WAGTAILADMIN_BASE_URL`` (``sync_site_address``).
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
        hostname, port = site_host_and_port()
        Site.objects.create(
            hostname=hostname, port=port, site_name="ComCep", root_page=home, is_default_site=True
        )
    else:
        if site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = "ComCep"
            site.save()
        sync_site_address()
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
