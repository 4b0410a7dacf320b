"""The personalised digest, "L'essentiel du jour" / "L'essentiel de la semaine".

For each member, only what they may read and have not been told of yet:

- their notifications waiting for this digest (the kinds they chose to receive daily or weekly);
- if they chose this digest for the news: questions still unanswered and questions newly resolved
  in the topics, rubrics and themes they follow; the new and updated offers of their region and
  the national ones; the news; the new videos.

``build_digests`` works for many members at once in a bounded number of queries: the content of
the period is read once, each member's share is picked in Python (visibility by group set, see
audience.py). ``send_digests`` records each digest sent (``DigestDelivery``), so running it twice
for the same period sends nothing twice; an empty digest is not sent.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from machina.core.db.models import get_model

from cms.news.models import NewsPage
from cms.offers.models import OfferPage
from cms.public_urls import public_url
from cms.videos.models import VideoPage

from . import services
from .audience import Audience
from .emails import DIGEST, build_message, open_url
from .models import (
    DEFAULT_DELIVERY,
    DigestDelivery,
    Follow,
    Notification,
    NotificationPreferences,
)

Topic = get_model("forum_conversation", "Topic")

PERIODS = {
    DigestDelivery.Period.DAILY: timedelta(days=1),
    DigestDelivery.Period.WEEKLY: timedelta(days=7),
}
MAX_ITEMS = 10  # per section


def period_key(period, now=None):
    day = timezone.localdate(now or timezone.now())
    if period == DigestDelivery.Period.DAILY:
        return day.isoformat()
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_title(period):
    if period == DigestDelivery.Period.DAILY:
        return _("The essentials of the day")
    return _("The essentials of the week")


@dataclass
class Digest:
    member: object
    period: str
    notifications: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)
    resolved: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    news: list = field(default_factory=list)
    videos: list = field(default_factory=list)

    @property
    def title(self):
        return digest_title(self.period)

    @property
    def is_empty(self):
        return not (
            self.notifications
            or self.unanswered
            or self.resolved
            or self.offers
            or self.news
            or self.videos
        )


@dataclass
class Link:
    title: str
    url: str
    detail: str = ""


def _topic_link(topic):
    return Link(topic.subject, public_url(topic.get_absolute_url()), topic.forum.name)


def _page_links(pages):
    return [Link(page.title, public_url(page.get_url() or "/"), "") for page in pages]


def build_digests(members, period, now=None):
    """{member id: Digest} for ``members`` (a queryset of users) and ``period``."""
    now = now or timezone.now()
    since = now - PERIODS[period]
    members = list(members.select_related("region"))
    ids = [member.pk for member in members]
    if not ids:
        return {}
    preferences = {p.user_id: p for p in NotificationPreferences.objects.filter(user_id__in=ids)}
    audience = Audience(ids)

    pending = (
        Notification.objects.filter(recipient_id__in=ids, emailed_at__isnull=True)
        .filter(read_at__isnull=True)
        .select_related("actor", "topic", "topic__forum", "post")
        .order_by("-created")
    )
    pending_by_member = {}
    for notification in pending:
        pending_by_member.setdefault(notification.recipient_id, []).append(notification)

    follows = {}
    for user_id, topic_id, forum_id, theme_id in Follow.objects.filter(user_id__in=ids).values_list(
        "user_id", "topic_id", "forum_id", "theme_id"
    ):
        follows.setdefault(user_id, set()).update(
            {("topic", topic_id), ("forum", forum_id), ("theme", theme_id)}
        )

    topics = list(
        Topic.objects.filter(approved=True)
        .filter(
            Q(first_reply_at__isnull=True, created__gte=since)
            | Q(validated_post__isnull=False, updated__gte=since)
        )
        .exclude(type=Topic.TOPIC_ANNOUNCE)
        .select_related("forum")
        .prefetch_related("themes")
        .order_by("-created")
    )
    for topic in topics:
        topic.follow_keys = {("topic", topic.pk), ("forum", topic.forum_id)} | {
            ("theme", theme.pk) for theme in topic.themes.all()
        }
        topic.link = _topic_link(topic)

    recent_offers = OfferPage.objects.visible().filter(
        Q(first_published_at__gte=since) | Q(last_published_at__gte=since)
    )
    offers = list(recent_offers.order_by("-last_published_at"))
    for offer in offers:
        offer.link = Link(offer.title, public_url(offer.get_url() or "/"), offer.get_kind_display())
    # The offers for each member's region, by the catalogue's rule (a member without a region:
    # the national ones).
    offers_in = (
        recent_offers.ids_by_region({member.region_id for member in members}) if offers else {}
    )
    news = _page_links(NewsPage.objects.visible().filter(first_published_at__gte=since)[:MAX_ITEMS])
    videos = _page_links(
        VideoPage.objects.visible().filter(first_published_at__gte=since)[:MAX_ITEMS]
    )

    digests = {}
    for member in members:
        prefs = preferences.get(member.pk) or NotificationPreferences(user=member)
        digest = Digest(member, period)
        digest.notifications = [
            n
            for n in pending_by_member.get(member.pk, [])
            if getattr(prefs, n.kind, DEFAULT_DELIVERY[n.kind]) == period
            and (n.topic_id is None or audience.can_read_forum(member.pk, n.topic.forum_id))
        ][:MAX_ITEMS]
        if prefs.digest == period and member.pk in audience.users:
            followed = follows.get(member.pk, set())
            readable = [
                topic
                for topic in topics
                if topic.follow_keys & followed
                and audience.can_read_forum(member.pk, topic.forum_id)
                and topic.poster_id != member.pk
            ]
            digest.unanswered = [t.link for t in readable if t.first_reply_at is None][:MAX_ITEMS]
            digest.resolved = [t.link for t in readable if t.validated_post_id][:MAX_ITEMS]
            digest.offers = [
                offer.link for offer in offers if offer.pk in offers_in[member.region_id]
            ][:MAX_ITEMS]
            digest.news = news
            digest.videos = videos
        digests[member.pk] = digest
    return digests


def recipients():
    User = get_user_model()
    return User.approved_members().exclude(email="")


def send_digests(period, now=None):
    """Send this period's digests not sent yet; return how many were sent."""
    now = now or timezone.now()
    key = period_key(period, now)
    members = recipients().exclude(
        digest_deliveries__period=period, digest_deliveries__period_key=key
    )
    digests = [d for d in build_digests(members, period, now).values() if not d.is_empty]
    messages, notification_ids = [], []
    for digest in digests:
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(user=digest.member, period=period, period_key=key)
        except IntegrityError:
            continue  # sent meanwhile by another run
        messages.append(
            build_message(
                digest.member,
                "digest",
                {"digest": digest, "notification_links": notification_links(digest)},
                f"{DIGEST}:{period}",
            )
        )
        notification_ids += [n.pk for n in digest.notifications]
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=notification_ids).update(emailed_at=now)
    return len(messages)


def notification_links(digest):
    """The digest's notifications as ``Link``s: what happened (``detail``) and where."""
    return [
        Link(str(n.get_kind_display()), public_url(open_url(n)), services.summary(n))
        for n in digest.notifications
    ]
