"""E-mails sent by the worker (Django tasks): the editors of flagged offers, the followers of a
fiche. Each task reads the rows again, so a retry tells nobody twice."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Page

from cms.listing import visible_pages
from cms.operations.tasks import MESSAGES
from cms.performance.invalidation import update
from cms.public_urls import public_base_url

from .models import OfferRecheck, PageFollow


@task(priority=MESSAGES)
def tell_owners_about_rechecks(news_id):
    """One e-mail per editor responsible, listing their offers the news item flagged."""
    rechecks = list(
        OfferRecheck.objects.pending()
        .filter(news_id=news_id, owner_notified_at__isnull=True)
        .exclude(offer__owner_editor__isnull=True)
        .exclude(offer__owner_editor__email="")
        .select_related("offer", "offer__owner_editor", "news")
        .order_by("offer__title")
    )
    by_owner = defaultdict(list)
    for recheck in rechecks:
        by_owner[recheck.offer.owner_editor].append(recheck.offer)
    if not by_owner:
        return 0
    news = rechecks[0].news
    base_url = public_base_url()
    with translation.override(settings.LANGUAGE_CODE):
        messages = [
            (
                render_to_string(
                    "offers/email/recheck_subject.txt", {"count": len(offers), "news": news}
                ).strip(),
                render_to_string(
                    "offers/email/recheck_body.txt",
                    {"owner": owner, "offers": offers, "news": news, "base_url": base_url},
                ),
                settings.DEFAULT_FROM_EMAIL,
                [owner.email],
            )
            for owner, offers in by_owner.items()
        ]
    sent = send_mass_mail(messages, fail_silently=False)
    # When the owner was told: shown on no page.
    update(
        OfferRecheck.objects.filter(pk__in=[recheck.pk for recheck in rechecks]),
        keys=(),
        owner_notified_at=timezone.now(),
    )
    return sent


@task(priority=MESSAGES)
def tell_followers_of_update(page_id, publisher_id=None):
    """One e-mail per member following the page (not the one who published it)."""
    page = visible_pages(Page.objects.filter(pk=page_id)).first()
    if page is None:
        return 0
    followers = (
        get_user_model()
        .approved_members()
        .filter(pk__in=PageFollow.objects.filter(page_id=page_id).values("user_id"))
        .exclude(pk=publisher_id)
        .exclude(email="")
    )
    page_url = page.full_url
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("offers/email/page_update_subject.txt", {"page": page}).strip()
        messages = [
            (
                subject,
                render_to_string(
                    "offers/email/page_update_body.txt",
                    {"member": member, "page": page, "page_url": page_url},
                ),
                settings.DEFAULT_FROM_EMAIL,
                [member.email],
            )
            for member in followers
        ]
    return send_mass_mail(messages, fail_silently=False) if messages else 0
