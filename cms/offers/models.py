from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from cms.blocks import BodyStreamBlock
from cms.editorial import EDITORS_GROUP, WRITERS_GROUP
from cms.listing import FilteredIndexPage, PortalPage
from cms.performance.invalidation import (
    bump_version,
    read_with_each_member_request,
    remember_under,
)
from cms.performance.shared import remember
from cms.taxonomies.mixins import TargetedPageQuerySet, TargetingMixin, ThemesSchemesMixin

from .freshness import stale_before

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]
OFFERS_PER_PAGE = 12


def editorial_accounts():
    """Accounts that may be an offer's editor responsible: the editorial groups, staff users and
    superusers.

    Wagtail's user form never sets ``is_staff``: editors are recognised by their groups. A subquery,
    not a join, so that an account in both groups is offered once.
    """
    members = Group.user_set.through.objects.filter(
        group__name__in=(EDITORS_GROUP, WRITERS_GROUP)
    ).values("user_id")
    return Q(is_staff=True) | Q(is_superuser=True) | Q(pk__in=members)


class OfferIndexPage(FilteredIndexPage):
    """The catalogue at /offres/: every offer, filterable by the reference lists."""

    forum_shown = None

    initial_title = "Offres"
    initial_slug = "offres"
    initial_introduction = (
        "Offres de services, formations, financements et dispositifs d’aide : "
        "trouvez ce qui s’applique à votre public et à votre région."
    )

    filterset_class = "cms.offers.filters.OfferFilter"
    per_page = OFFERS_PER_PAGE
    subpage_types = ["offers.OfferPage"]

    class Meta:
        verbose_name = _("offers catalogue")
        verbose_name_plural = _("offers catalogues")

    def listing_items(self):
        return (
            OfferPage.objects.visible()
            .child_of(self)
            .prefetch_related("audiences", "regions", "operators")
        )


class OfferPageQuerySet(TargetedPageQuerySet):
    def newest(self, region=None):
        """Newest first; with a region (a Region or its pk), its own offers before the others."""
        if region is None:
            return self.order_by("-first_published_at", "-pk")
        return self.annotate(in_region=self.linked_to_region(region)).order_by(
            "-in_region", "-first_published_at", "-pk"
        )

    @staticmethod
    def stale_condition(today=None):
        today = today or timezone.localdate()
        condition = Q(valid_until__lt=today)
        for kind in OfferPage.Kind.values:
            condition |= Q(kind=kind, verified_on__lt=stale_before(kind, today))
        return condition

    def stale(self, today=None):
        """Offers whose verification is older than their kind allows, or past their validity."""
        return self.filter(self.stale_condition(today))

    def flagged(self):
        """Offers that a news item marked "to check again" and that nobody re-verified since."""
        return self.filter(Exists(OfferRecheck.objects.pending().filter(offer=OuterRef("pk"))))

    def to_verify(self, today=None):
        """The "Contenus à vérifier" report: stale or flagged by a news item."""
        pending = Exists(OfferRecheck.objects.pending().filter(offer=OuterRef("pk")))
        return self.filter(self.stale_condition(today) | Q(pending))


class OfferPage(TargetingMixin, ThemesSchemesMixin, PortalPage):
    """A service, a training, a funding or an aid scheme: for whom, where, and when checked."""

    forum_shown = "citations"
    introduction = None
    introduction_field = "summary"

    class Kind(models.TextChoices):
        SERVICE = "service", _("Service offer")
        TRAINING = "training", _("Training")
        FUNDING = "funding", _("Funding")
        AID_SCHEME = "aid_scheme", _("Aid scheme")

    class Modality(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        REMOTE = "remote", _("Remote")
        BLENDED = "blended", _("Blended")

    kind = models.CharField(_("kind of offer"), max_length=20, choices=Kind.choices)
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("Two or three sentences shown in the catalogue.")
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    eligibility = RichTextField(_("who is eligible"), blank=True, features=RICH_FEATURES)
    how_to_access = RichTextField(_("how to access it"), blank=True, features=RICH_FEATURES)
    contact = models.TextField(_("contact"), blank=True)
    source_url = models.URLField(_("official source"), blank=True)

    verified_on = models.DateField(
        _("verified on"),
        default=timezone.localdate,
        help_text=_("The date an editor last checked this information against its source."),
    )
    owner_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_offers",
        verbose_name=_("editor responsible"),
        limit_choices_to=editorial_accounts,
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    # Training
    duration = models.CharField(_("duration"), max_length=120, blank=True)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    certification = models.CharField(_("certification"), max_length=255, blank=True)
    # Funding and aid schemes
    funder = models.CharField(_("who funds it"), max_length=255, blank=True)
    amount = models.CharField(_("amount or ceiling"), max_length=255, blank=True)
    conditions = RichTextField(_("conditions"), blank=True, features=RICH_FEATURES)

    objects = PageManager.from_queryset(OfferPageQuerySet)()

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("eligibility"),
        FieldPanel("how_to_access"),
        FieldPanel("contact"),
        FieldPanel("source_url"),
        MultiFieldPanel(
            [FieldPanel("duration"), FieldPanel("modality"), FieldPanel("certification")],
            heading=_("Training only"),
        ),
        MultiFieldPanel(
            [FieldPanel("funder"), FieldPanel("amount"), FieldPanel("conditions")],
            heading=_("Funding and aid schemes only"),
        ),
        TargetingMixin.targeting_panel,
        ThemesSchemesMixin.themes_panel,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("verified_on"), FieldPanel("valid_until")]),
                FieldPanel("owner_editor"),
            ],
            heading=_("Freshness"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("eligibility"),
        index.FilterField("kind"),
    ]

    parent_page_types = ["offers.OfferIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        # "Contenus à vérifier" and the freshness banner read offers by kind and verification date.
        indexes = [models.Index(fields=["kind", "verified_on"], name="offer_kind_verified_idx")]

    def clean(self):
        super().clean()
        errors = {}
        if self.kind == self.Kind.TRAINING:
            if not self.duration:
                errors["duration"] = _("Give the duration of the training.")
            if not self.modality:
                errors["modality"] = _("Say whether the training is on site, remote or blended.")
        if self.kind in (self.Kind.FUNDING, self.Kind.AID_SCHEME) and not self.funder:
            errors["funder"] = _("Say who funds it.")
        if self.valid_until and self.verified_on and self.valid_until < self.verified_on:
            errors["valid_until"] = _(
                "The end of validity cannot come before the verification date."
            )
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rechecks"] = self.pending_rechecks()
        return context

    @property
    def is_stale(self):
        today = timezone.localdate()
        if self.valid_until and self.valid_until < today:
            return True
        return self.verified_on < stale_before(self.kind, today)

    def pending_rechecks(self):
        """The news items that asked to check this offer again, newest first (one query, none
        for an offer that has none: the few offers to check are kept per version of content)."""
        if not self.pk or self.pk not in offers_to_recheck():
            return []
        return list(
            OfferRecheck.objects.pending()
            .filter(offer=self)
            .select_related("news")
            .order_by("-created_at")
        )

    @property
    def is_training(self):
        return self.kind == self.Kind.TRAINING

    @property
    def is_funding(self):
        return self.kind in (self.Kind.FUNDING, self.Kind.AID_SCHEME)


def offers_to_recheck():
    """The ids of the offers with a pending recheck, per version of public content (a recheck
    written or cleared, a news item published or unpublished bumps it)."""
    return remember(
        "offers-to-recheck",
        lambda: frozenset(OfferRecheck.objects.pending().values_list("offer_id", flat=True)),
    )


def can_follow_pages(user):
    """Signed-in approved members may follow a fiche."""
    return user.is_authenticated and user.is_approved


class OfferRecheckQuerySet(models.QuerySet):
    def pending(self):
        """Not cleared yet, and raised by a news item that is still live."""
        return self.filter(cleared_at__isnull=True, news__live=True)


class OfferRecheck(models.Model):
    """A live offer to check again because a news item about one of its schemes was published.

    One row per offer and news item: republishing the news neither flags the offer again nor
    tells its editor twice. Re-verifying the offer (a newer "verified on" date, published) clears
    it. Not a page field: Wagtail's revisions would bring an old value back on publication.
    """

    offer = models.ForeignKey(
        OfferPage, on_delete=models.CASCADE, related_name="rechecks", verbose_name=_("offer")
    )
    news = models.ForeignKey(
        "news.NewsPage", on_delete=models.CASCADE, related_name="+", verbose_name=_("news item")
    )
    created_at = models.DateTimeField(_("flagged on"), auto_now_add=True)
    verified_on_when_flagged = models.DateField(_("verified on, when flagged"))
    owner_notified_at = models.DateTimeField(_("editor told on"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared on"), null=True, blank=True)

    objects = OfferRecheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer to check again")
        verbose_name_plural = _("offers to check again")
        constraints = [
            models.UniqueConstraint(fields=["offer", "news"], name="one_recheck_per_offer_and_news")
        ]

    def __str__(self):
        return f"{self.offer_id} ← {self.news_id}"


class PageFollow(models.Model):
    """A member follows a fiche ("Suivre cette fiche") and is told when it is published again
    with changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="page_follows",
        verbose_name=_("member"),
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("page"),
    )
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        verbose_name = _("followed page")
        verbose_name_plural = _("followed pages")
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="one_follow_per_member_and_page")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.page_id}"


# Each member's followed pages have a version number in the shared cache (bumped when they follow
# or stop following one): an offer's "follow" button then reads them without a query.
PAGE_FOLLOWS_VERSION_KEY = "comcep:page-follows:{user_id}"
read_with_each_member_request(PAGE_FOLLOWS_VERSION_KEY, "default")


def followed_page_ids(user):
    """The ids of the pages ``user`` follows."""
    return remember_under(
        PAGE_FOLLOWS_VERSION_KEY.format(user_id=user.pk),
        "ids",
        lambda: frozenset(PageFollow.objects.filter(user=user).values_list("page_id", flat=True)),
        cache,
    )


def page_follows_changed(sender, instance, **kwargs):
    bump_version(PAGE_FOLLOWS_VERSION_KEY.format(user_id=instance.user_id), cache)
