from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.utils import translation

from cms.offers.models import OfferPage
from cms.public_urls import public_base_url


class Command(BaseCommand):
    help = "E-mail each editor responsible the list of their offers that need checking (cron-able)."

    def handle(self, *args, **options):
        by_owner = defaultdict(list)
        stale = (
            OfferPage.objects.live().stale().select_related("owner_editor").order_by("verified_on")
        )
        for offer in stale:
            if offer.owner_editor and offer.owner_editor.email:
                by_owner[offer.owner_editor].append(offer)
        base_url = public_base_url()
        with translation.override(settings.LANGUAGE_CODE):
            messages = [
                (
                    render_to_string(
                        "offers/email/freshness_subject.txt", {"count": len(offers)}
                    ).strip(),
                    render_to_string(
                        "offers/email/freshness_body.txt",
                        {"owner": owner, "offers": offers, "base_url": base_url},
                    ),
                    settings.DEFAULT_FROM_EMAIL,
                    [owner.email],
                )
                for owner, offers in by_owner.items()
            ]
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
        orphans = stale.filter(owner_editor__isnull=True).count()
        self.stdout.write(
            f"{sent} rappel(s) envoyé(s)\u00a0; {orphans} offre(s) à vérifier sans éditeur "
            "responsable."
        )
