"""News items flag the offers they change; followers of a fiche hear of its updates.

- ``flag_offers_for_news(news)``: when a news item is published, every live offer carrying one of
  its schemes (or listed among the offers it affects) and last verified no later than the news'
  date gets an ``OfferRecheck``; the editors responsible are told, one e-mail each, after commit.
  Republishing the news flags and tells nobody twice (one row per offer and news item).
- ``clear_rechecks(offer)``: publishing the offer with a newer "verified on" date than when it was
  flagged clears its flags.
- ``tell_followers_if_changed(page, revision)``: publishing a followed page again, with changes,
  tells its followers (an e-mail each, after commit).

The signal receivers are connected in ``OffersConfig.ready``. ``news_alerts_paused()`` turns the
flags off for a block of code (demo content: old news are no news to anyone).

Seam: the owners and followers are told by e-mail through Django tasks (cms/offers/tasks.py);
when the community's notifications grow a kind for pages, these tasks are where to add it.
"""

import contextlib
import contextvars

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import PageLogEntry

from cms.news.models import NewsPage
from cms.performance.invalidation import bulk_create, update

from .models import OfferPage, OfferRecheck, PageFollow
from .tasks import tell_followers_of_update, tell_owners_about_rechecks

_alerts_enabled = contextvars.ContextVar("news_alerts_enabled", default=True)

# Revision content that changes on every publication without the fiche changing.
BOOKKEEPING_FIELDS = frozenset(
    {
        "pk",
        "id",
        "page_ptr",
        "path",
        "depth",
        "numchild",
        "url_path",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
        "live_revision",
        "latest_revision",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "go_live_at",
        "expire_at",
        "expired",
        "content_type",
        "translation_key",
        "locale",
        "alias_of",
        "wagtail_admin_comments",
        "verified_on",
    }
)


@contextlib.contextmanager
def news_alerts_paused():
    token = _alerts_enabled.set(False)
    try:
        yield
    finally:
        _alerts_enabled.reset(token)


def offers_affected_by(news):
    """Live offers carrying one of the news' schemes or listed among the offers it affects."""
    # The published instance may hold its relations in memory (modelcluster): read them as such.
    scheme_ids = [scheme.pk for scheme in news.schemes.all()]
    related_ids = [offer.pk for offer in news.related_offers.all()]
    if not scheme_ids and not related_ids:
        return OfferPage.objects.none()
    return (
        OfferPage.objects.live()
        .filter(Q(schemes__in=scheme_ids) | Q(pk__in=related_ids))
        .filter(verified_on__lte=news.date)
        .distinct()
    )


def flag_offers_for_news(news):
    """Flag the offers ``news`` changes; return the flags created (none on a republication)."""
    if not _alerts_enabled.get():
        return []
    offers = list(offers_affected_by(news).values_list("pk", "verified_on"))
    already = set(
        OfferRecheck.objects.filter(
            news=news, offer_id__in=[pk for pk, _date in offers]
        ).values_list("offer_id", flat=True)
    )
    created = bulk_create(
        OfferRecheck,
        [
            OfferRecheck(offer_id=pk, news=news, verified_on_when_flagged=verified_on)
            for pk, verified_on in offers
            if pk not in already
        ],
        ignore_conflicts=True,
    )
    if created:
        news_id = news.pk
        transaction.on_commit(lambda: tell_owners_about_rechecks.enqueue(news_id))
    return created


def clear_rechecks(offer):
    """The offer was published with a newer verification date: its flags are cleared."""
    flags = OfferRecheck.objects.filter(
        offer=offer, cleared_at__isnull=True, verified_on_when_flagged__lt=offer.verified_on
    )
    return update(flags, cleared_at=timezone.now())


def fiche_content(revision):
    return {key: value for key, value in revision.content.items() if key not in BOOKKEEPING_FIELDS}


def previous_publication(page, revision):
    """The revision published before ``revision`` (Wagtail logs a publication after its signal)."""
    entry = (
        PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.publish")
        .exclude(revision_id=revision.pk)
        .exclude(revision__isnull=True)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision if entry else None


def tell_followers_if_changed(page, revision):
    if revision is None or not PageFollow.objects.filter(page_id=page.pk).exists():
        return False
    previous = previous_publication(page, revision)
    if previous is None or fiche_content(previous) == fiche_content(revision):
        return False

    page_id, publisher_id = page.pk, revision.user_id
    transaction.on_commit(lambda: tell_followers_of_update.enqueue(page_id, publisher_id))
    return True


def on_page_published(sender, instance, revision=None, **kwargs):
    if isinstance(instance, NewsPage):
        flag_offers_for_news(instance)
    if isinstance(instance, OfferPage):
        clear_rechecks(instance)
    tell_followers_if_changed(instance, revision)
