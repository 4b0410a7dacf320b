"""Views partners use: the embed page, the oEmbed provider and the integration guide."""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from cms.public_urls import public_domain, public_url
from cms.security import allow_framing

from .models import THUMBNAIL_SPEC, Partner, VideoIndexPage, VideoPage
from .players import embed_size


def public_videos():
    return VideoPage.objects.visible()


@require_safe
def embed(request, pk):
    """The minimal page partners frame: the player, the title, the transcript and the portal."""
    video = get_object_or_404(public_videos().select_related("thumbnail"), pk=pk)
    player = video.player
    response = render(
        request,
        "videos/embed.html",
        {"video": video, "page_url": video.full_url or public_url("/")},
    )
    # Framed by partners; loads nothing but its own player; holds no form.
    return allow_framing(
        response,
        Partner.active_origins(),
        frame_src=[player.origin] if player and player.origin else ["'none'"],
        form_action=["'none'"],
    )


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _video_for_url(request, url):
    """The live, public video page that ``url`` designates on this site, or None."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError on an invalid port)
    except ValueError:  # e.g. "http://[::1/": not an address at all
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    hosts = {
        request.get_host(),
        public_domain(),
        site.hostname,
        f"{site.hostname}:{site.port}",
    }
    if parts.netloc not in hosts:
        return None
    components = [component for component in parts.path.split("/") if component]
    try:
        page, _args, _kwargs = site.root_page.specific.route(request, components)
    except Http404:
        return None
    return public_videos().filter(pk=page.pk).select_related("thumbnail").first()


@require_safe
def oembed(request):
    """oEmbed provider (https://oembed.com/): ``?url=<page>&format=json&maxwidth&maxheight``."""
    response_format = request.GET.get("format", "json")
    if response_format != "json":
        return HttpResponse(
            _("Only the json format is available."), status=501, content_type="text/plain"
        )
    url = request.GET.get("url", "")
    if not url:
        return HttpResponse(
            _("The url parameter is required."), status=400, content_type="text/plain"
        )
    video = _video_for_url(request, url)
    if video is None:
        return HttpResponse(
            _("No video of this portal has this address."), status=404, content_type="text/plain"
        )
    width, height = embed_size(
        _positive_int(request.GET.get("maxwidth")), _positive_int(request.GET.get("maxheight"))
    )
    embed_url = public_url(video.get_embed_path())
    data = {
        "version": "1.0",
        "type": "video",
        "title": video.title,
        "provider_name": "ComCep",
        "provider_url": public_url("/"),
        "cache_age": 3600,
        "width": width,
        "height": height,
        "html": format_html(
            '<iframe src="{}" width="{}" height="{}" title="{}" style="border:0;max-width:100%" '
            'allow="fullscreen; picture-in-picture" allowfullscreen loading="lazy"></iframe>',
            embed_url,
            width,
            height,
            _("Video: %(title)s") % {"title": video.title},
        ),
    }
    if video.shown_thumbnail:
        rendition = video.shown_thumbnail.get_rendition(THUMBNAIL_SPEC)
        data.update(
            thumbnail_url=public_url(rendition.url),
            thumbnail_width=rendition.width,
            thumbnail_height=rendition.height,
        )
    response = JsonResponse(data)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def partner_guide(request):
    """How partners embed our videos and reuse the catalogue, with examples built on this site."""
    index = VideoIndexPage.objects.visible().first()
    example = public_videos().order_by("-first_published_at").first()
    api_root = public_url(reverse("wagtailapi:videos:listing"))
    context = {
        "video_index": index,
        "example": example,
        "api_root": api_root,
        "other_endpoints": [
            {
                "label": _(
                    "Offers of the catalogue (filters: kind, theme, audience, region, "
                    "operator, scheme):"
                ),
                "url": public_url(reverse("wagtailapi:offers:listing")),
            },
            {
                "label": _("News, newest first (filters: theme, scheme):"),
                "url": public_url(reverse("wagtailapi:news:listing")),
            },
        ],
    }
    if example is not None:
        page_url = example.full_url or public_url("/")
        embed_url = public_url(example.get_embed_path())
        width, height = embed_size()
        first_theme = example.themes.first()
        context.update(
            page_url=page_url,
            embed_url=embed_url,
            embed_width=width,
            embed_height=height,
            oembed_example=public_url(reverse("videos:oembed"))
            + "?"
            + urlencode({"url": page_url, "format": "json", "maxwidth": 480}),
            api_detail=public_url(reverse("wagtailapi:videos:detail", args=[example.pk])),
            api_theme=f"{api_root}?theme={first_theme.slug}" if first_theme else "",
            first_theme=first_theme,
        )
    return render(request, "videos/partner_guide.html", context)
