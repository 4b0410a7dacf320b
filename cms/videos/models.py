"""UODC video resources: the library, its playlists, and the partners allowed to embed them."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from cms.image_files import image_with_file
from cms.listing import FilteredIndexPage, PortalPage, PortalPageQuerySet
from cms.public_urls import public_url
from cms.security import allow_player, normalise_origin
from cms.taxonomies.mixins import AudiencesMixin, ThemesMixin, checkboxes

from .blocks import ChapterBlock
from .players import embed_size, player_for
from .timecodes import parse_time, time_label

THUMBNAIL_SPEC = "fill-480x270"
TRANSCRIPT_REQUIRED = _(
    "Add the transcript before publishing: it makes the video accessible to people who cannot hear "
    "it. You can save a draft without it."
)


class Partner(models.Model):
    """A partner site (an operator's intranet, a Carif-Oref site) allowed to embed our videos."""

    name = models.CharField(_("name"), max_length=160)
    origins = models.TextField(
        _("allowed origins"),
        help_text=_(
            "One origin per line: scheme and host name, and the port if needed, without a path "
            "(e.g. https://intranet.operateur.fr)."
        ),
    )
    contact_name = models.CharField(_("contact name"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Only active partners may show our videos on their sites."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("origins", widget=forms.Textarea(attrs={"rows": 3})),
        FieldPanel("contact_name"),
        FieldPanel("contact_email"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors, origins = [], []
        for line in self.origins.splitlines():
            if not line.strip():
                continue
            try:
                origins.append(normalise_origin(line))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError({"origins": errors})
        if not origins:
            raise ValidationError({"origins": _("Enter at least one origin.")})
        self.origins = "\n".join(dict.fromkeys(origins))

    def origin_list(self):
        return [line.strip() for line in self.origins.splitlines() if line.strip()]

    @classmethod
    def active_origins(cls):
        """Origins of every active partner, in one query, without duplicates."""
        origins = []
        for value in cls.objects.filter(is_active=True).values_list("origins", flat=True):
            for line in value.splitlines():
                try:
                    origins.append(normalise_origin(line))
                except ValidationError:
                    continue
        return list(dict.fromkeys(origins))


class VideoIndexPage(FilteredIndexPage):
    """The video library at /videos/: every video, filterable, and the playlists."""

    forum_shown = None

    initial_title = "Vidéos"
    initial_slug = "videos"
    initial_introduction = (
        "Les capsules vidéo de l’Université ouverte des compétences (UODC) pour les "
        "conseillers en évolution professionnelle : des formats courts, chacun avec sa "
        "transcription, à regarder seul ou en équipe."
    )
    initial_in_menus = False  # the header shows the videos once the library is live

    filterset_class = "cms.videos.filters.VideoFilter"
    per_page = 12
    subpage_types = ["videos.VideoPage", "videos.PlaylistPage"]

    class Meta:
        verbose_name = _("video library")
        verbose_name_plural = _("video libraries")

    def listing_items(self):
        return (
            VideoPage.objects.child_of(self)
            .visible()
            .order_by("-first_published_at", "pk")
            .with_listing_data()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["playlists"] = PlaylistPage.objects.child_of(self).visible()
        return context


class VideoPageQuerySet(PortalPageQuerySet):
    def with_listing_data(self):
        """What a video card shows, in a fixed number of queries whatever the number of videos."""
        return self.prefetch_related(
            "themes",
            "audiences",
            Prefetch(
                "thumbnail",
                queryset=get_image_model().objects.prefetch_renditions(THUMBNAIL_SPEC),
            ),
        )


class VideoPageForm(WagtailAdminPageForm):
    """Saving a draft without a transcript is allowed; publishing is not (Wagtail defers the
    "required" check of blank=False text fields to publication)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "transcript" in self.fields:
            self.fields["transcript"].error_messages["required"] = TRANSCRIPT_REQUIRED

    def clean(self):
        cleaned_data = super().clean()
        # Saving a draft: the model's own check (VideoPage.clean) waits for publication too.
        self.instance.defer_transcript_check = self.is_deferred_validation
        # An editor emptied by hand still holds "<p></p>": refuse it when publishing too.
        if (
            not self.is_deferred_validation
            and "transcript" in cleaned_data
            and not has_text(cleaned_data["transcript"])
        ):
            self.add_error("transcript", TRANSCRIPT_REQUIRED)
        return cleaned_data


def has_text(html):
    return bool(strip_tags(html or "").replace("&nbsp;", "").strip())


class VideoPage(ThemesMixin, AudiencesMixin, PortalPage):
    """One UODC video capsule: where it lives, what it is about, and its transcript."""

    forum_shown = "citations"
    introduction = None
    introduction_field = "description"

    # What the page reads from the query string (the page caches key it on these only).
    query_parameters = ("t",)

    source_url = models.URLField(
        _("video address"),
        help_text=_("The address of the video on the UODC site (or another video host)."),
    )
    description = models.TextField(_("description"))
    duration = models.DurationField(
        _("duration"), help_text=_("Minutes and seconds, e.g. 4:30 (or 1:04:30).")
    )
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("thumbnail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transcript = RichTextField(
        _("transcript"),
        features=["h3", "bold", "italic", "ul", "ol"],
        help_text=_("The full text of what is said and shown. Required before publishing."),
        error_messages={"blank": TRANSCRIPT_REQUIRED},
    )
    chapters = StreamField([("chapter", ChapterBlock())], blank=True, verbose_name=_("chapters"))

    objects = PageManager.from_queryset(VideoPageQuerySet)()

    base_form_class = VideoPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("source_url"),
        FieldPanel("description"),
        FieldPanel("duration"),
        FieldPanel("thumbnail"),
        MultiFieldPanel(
            [checkboxes("themes"), checkboxes("audiences")], heading=_("Themes and audiences")
        ),
        FieldPanel("transcript"),
        FieldPanel("chapters"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.SearchField("transcript"),
    ]

    parent_page_types = ["videos.VideoIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def clean(self):
        super().clean()
        deferred = getattr(self, "defer_transcript_check", False)
        if not deferred and self.transcript and not has_text(self.transcript):
            raise ValidationError({"transcript": TRANSCRIPT_REQUIRED})

    @property
    def duration_seconds(self):
        return int(self.duration.total_seconds()) if self.duration else 0

    @property
    def duration_label(self):
        minutes, seconds = divmod(self.duration_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        if hours:
            return f"{hours} h {minutes:02d} min"
        return f"{minutes} min {seconds:02d} s" if seconds else f"{minutes} min"

    @property
    def iso_duration(self):
        return f"PT{self.duration_seconds}S"

    @property
    def transcript_html(self):
        return expand_db_html(self.transcript)

    @cached_property
    def shown_thumbnail(self):
        """The thumbnail, when it has a file to show (else none, and a warning in the logs)."""
        return image_with_file(self.thumbnail)

    @cached_property
    def player(self):
        return player_for(self.source_url, _("Video: %(title)s") % {"title": self.title})

    def get_embed_path(self):
        return reverse("videos:embed", args=[self.pk])

    def serve(self, request, *args, **kwargs):
        # The click-to-load player inserts the host's iframe: the page's policy must allow it.
        return allow_player(super().serve(request, *args, **kwargs), self.player)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["embed_url"] = public_url(self.get_embed_path())
        context["embed_width"], context["embed_height"] = embed_size()
        context["oembed_url"] = public_url(reverse("videos:oembed"))
        context["page_full_url"] = self.full_url or public_url("/")
        # ?t=135, ?t=2m15s or ?t=2:15: the player starts there once the visitor presses play.
        context["start"] = parse_time(request.GET.get("t"))
        context["start_label"] = time_label(context["start"]) if context["start"] else ""
        return context


class PlaylistPage(PortalPage):
    """An ordered selection of videos, e.g. "Se former aux outils du CEP"."""

    forum_shown = None

    content_panels = [
        *PortalPage.content_panels,
        InlinePanel("items", heading=_("Videos, in order"), label=_("video"), min_num=1),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["videos.VideoIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("playlist")
        verbose_name_plural = _("playlists")

    def videos(self):
        """The playlist's live, public videos in the editors' order."""
        items = self.items.filter(video__in=VideoPage.objects.visible().values("pk")).order_by(
            "sort_order"
        )
        return [
            item.video
            for item in items.prefetch_related(
                Prefetch("video", queryset=VideoPage.objects.with_listing_data())
            )
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["videos"] = self.videos()
        return context


class PlaylistItem(Orderable):
    playlist = ParentalKey(PlaylistPage, on_delete=models.CASCADE, related_name="items")
    video = models.ForeignKey(
        VideoPage, verbose_name=_("video"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("video", "videos.VideoPage")]

    class Meta(Orderable.Meta):
        verbose_name = _("playlist video")
        verbose_name_plural = _("playlist videos")


def duration_band_bounds(band):
    """(lower, upper) durations of a band; None means unbounded."""
    return {
        "short": (None, timedelta(minutes=5)),
        "medium": (timedelta(minutes=5), timedelta(minutes=15)),
        "long": (timedelta(minutes=15), None),
    }[band]
