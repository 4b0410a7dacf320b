from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from search.engine import DISCUSSION, TYPE_LABELS, summary_fields
from search.highlight import highlight

register = template.Library()


def post_url(post):
    topic = post.topic
    url = reverse(
        "forum_conversation:topic",
        args=[topic.forum.slug, topic.forum_id, topic.slug, topic.pk],
    )
    if post.pk == topic.first_post_id:
        return url
    return f"{url}?post={post.pk}#{post.pk}"


@register.inclusion_tag("search/result.html", takes_context=True)
def result_card(context, hit, query):
    """One result: its type, title, link, the extract with the query marked, and its state."""
    if hit.kind == DISCUSSION:
        post, topic = hit.obj, hit.obj.topic
        if topic.validated_post_id:
            status = _("resolved")
        elif topic.first_reply_at is None:
            status = _("unanswered")
        else:
            status = ""
        return {
            "kind": TYPE_LABELS[DISCUSSION],
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
        "kind": TYPE_LABELS[hit.kind],
        "title": page.title,
        # With the request, Wagtail reads the sites' root paths once per request, not per result.
        "url": page.get_url(context.get("request")),
        "snippet": highlight(summary or page.title, query),
        "meta": "",
        "status": "",
        "is_reply": False,
        "date": page.last_published_at,
    }
