from bs4 import BeautifulSoup
from django.urls import reverse


def topic_url(topic):
    return reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def rubric_url(forum):
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def topic_create_url(forum):
    return reverse(
        "forum_conversation:topic_create", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    )


def reply_url(topic):
    return reverse(
        "forum_conversation:post_create",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
        },
    )


def post_update_url(post):
    topic = post.topic
    return reverse(
        "forum_conversation:post_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
            "pk": post.pk,
        },
    )


def accessible_name(element):
    text = element.get_text(" ", strip=True)
    return text or element.get("aria-label") or element.get("value") or element.get("title")


def check_page(html, url):
    """One h1, no skipped heading level, a text name on every control and a label on every field."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    assert len(soup.find_all("h1")) == 1, url
    levels = [int(h.name[1]) for h in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    for previous, current in zip(levels, levels[1:], strict=False):
        assert current <= previous + 1, f"{url}: h{previous} followed by h{current}"
    for control in soup.find_all(["a", "button"]):
        assert accessible_name(control), f"{url}: {control} has no text"
    for field in main.find_all(["input", "select", "textarea"]):
        if field.get("type") in {"hidden", "submit", "button"}:
            continue
        field_id = field.get("id")
        labelled = field_id and soup.find("label", attrs={"for": field_id})
        assert labelled or field.get("aria-label"), f"{url}: {field} has no label"
    assert main.find("i") is None or all(accessible_name(i.parent) for i in main.find_all("i"))
