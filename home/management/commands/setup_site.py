from django.core.management.base import BaseCommand

from home.site import setup_site


class Command(BaseCommand):
    help = (
        "Create or repair what a production site needs: the Wagtail site on "
        "WAGTAILADMIN_BASE_URL, the home, index and legal pages, the charter, the editorial groups "
        "and the 'Relecture' workflow, the forum roles and the pilot group's rubric; remove "
        "Wagtail's English defaults. Idempotent: a second run creates nothing."
    )

    def handle(self, *args, **options):
        setup_site(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Site prêt."))
