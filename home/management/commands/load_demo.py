from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from cms.news import demo as news_demo
from cms.offers import demo as offers_demo
from cms.operations.tasks import tasks_run_at_the_end
from cms.paths import demo as paths_demo
from cms.performance.invalidation import bulk_load
from cms.structures import demo as structures_demo
from cms.taxonomies import demo as taxonomies_demo
from cms.toolbox import demo as toolbox_demo
from cms.videos import demo as videos_demo
from community import demo as community_demo
from community.consultations import demo as consultations_demo
from community.contributions import demo as contributions_demo
from home.site import setup_site


class Command(BaseCommand):
    help = (
        "Build the site (as setup_site does), then load the French demo content. Idempotent: a "
        "second run creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé\u00a0: les comptes de démonstration ne sont pas chargés. "
                "Ajoutez --force s’il s’agit vraiment d’une base de démonstration."
            )
        # Hundreds of saves each enqueue index updates: they run here once each, at the end (the
        # search index in bulk), and leave the worker's queue to what members wait for. The cache
        # version numbers they touch are bumped after the commit once each, not once per save.
        # Demo accounts are fictitious: what the load would e-mail them (Wagtail's workflow
        # notice of a page submitted for review) stays in memory instead of filling the console.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            bulk_load(),
            tasks_run_at_the_end(),
            transaction.atomic(),
        ):
            home = setup_site(self.stdout.write)
            taxonomies_demo.load(self.stdout)
            accounts = community_demo.load(self.stdout)
            publisher = community_demo.demo_publisher()
            structures_demo.load(home, self.stdout, publisher)
            offers_demo.load(home, self.stdout, publisher)
            news_demo.load(home, self.stdout, publisher)
            videos_demo.load(home, self.stdout, publisher)
            toolbox_demo.load(home, self.stdout, publisher)
            paths_demo.load(home, self.stdout, publisher)
            contributions_demo.load(self.stdout)
            consultations_demo.load(home, self.stdout, publisher)

        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                "Comptes de démonstration (connexion par l’adresse électronique ; "
                "mot de passe commun) :"
            )
        )
        width = max(len(account.email) for account in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email:<{width}}  @{account.username:<11} {account.role}")
        self.stdout.write(f"  mot de passe : {community_demo.DEMO_PASSWORD}")
