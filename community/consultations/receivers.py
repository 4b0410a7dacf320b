"""Members are told when a consultation opens to them: at publication, if it is open then."""

from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from wagtail.signals import page_published

from community.notifications.models import Notification
from community.notifications.services import notify

from . import audience
from .models import ConsultationPage


def announce_opening(page):
    """Notify the consultation's audience once, if it is open; return how many were told."""
    if not page.is_open:
        return 0
    claimed = ConsultationPage.objects.filter(pk=page.pk, opening_notified_at=None).update(
        opening_notified_at=timezone.now()
    )
    if not claimed:
        return 0
    return notify(Notification.Kind.CONSULTATION_OPENED, audience.member_ids(page.audience))


@receiver(page_published, sender=ConsultationPage)
def consultation_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: announce_opening(instance))
