from django.core.management.base import BaseCommand

from community.notifications.digest import send_digests
from community.notifications.models import DigestDelivery


class Command(BaseCommand):
    help = (
        "Send the personalised digests of the period (daily or weekly) not sent yet: "
        "running it twice for the same period sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=DigestDelivery.Period.values, required=True)

    def handle(self, *args, period, **options):
        sent = send_digests(period)
        self.stdout.write(f"{sent} résumé(s) envoyé(s) ({period}).")
