"""What each search result shows: type, title, link, extract with the query marked, state."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .highlight import highlight
from .page_types import DISCUSSION, TYPE_LABELS, summary_fields


def post_url(post):
    topic = post.topic
    url = reverse(
        "forum_conversation:topic",
        args=[topic.forum.slug, topic.forum_id, topic.slug, topic.pk],
    )
    if post.pk == topic.first_post_id:
        return url
    return f"{url}?post={post.pk}#{post.pk}"


def result_card(hit, query, request):
    """The card of one result, rendered by search/search.html."""
    if hit.kind == DISCUSSION:
        post, topic = hit.obj, hit.obj.topic
        if topic.validated_post_id:
            status = _("resolved")
        elif topic.first_reply_at is None:
            status = _("unanswered")
        else:
            status = ""
        return {
            "kind": DISCUSSION,
            "kind_label": TYPE_LABELS[DISCUSSION],
            "title": topic.subject,
            "url": post_url(post),
            "snippet": highlight(post.content.raw, query),
            "meta": topic.forum.name,
            "status": status,
            "is_reply": post.pk != topic.first_post_id,
            "date": post.created,
        }
    page = hit.obj
    summary = next(
        (value for name in summary_fields(type(page)) if (value := getattr(page, name))), ""
    )
    return {
        "kind": hit.kind,
        "kind_label": TYPE_LABELS[hit.kind],
        "title": page.title,
        # With the request, Wagtail reads the sites' root paths once per request, not per result.
        "url": page.get_url(request),
        "snippet": highlight(summary or page.title, query),
        "meta": "",
        "status": "",
        "is_reply": False,
        "date": page.last_published_at,
    }
