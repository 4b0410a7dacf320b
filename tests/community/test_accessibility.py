"""Every forum page: one h1, no skipped heading level, no control without a text name."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from machina.core.db.models import get_model

from tests.community.helpers import post_update_url, reply_url, topic_create_url, topic_url

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
TopicPoll = get_model("forum_polls", "TopicPoll")


def accessible_name(element):
    text = element.get_text(" ", strip=True)
    return text or element.get("aria-label") or element.get("value") or element.get("title")


def check_page(html, url):
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


@pytest.mark.django_db
def test_forum_pages_are_accessible(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    moderator = get_user_model().objects.get(username="moderateur")
    poll_topic = TopicPoll.objects.select_related("topic__forum").first().topic
    topic = Topic.objects.select_related("forum").exclude(pk=poll_topic.pk).first()
    other_post = poll_topic.posts.exclude(poster=moderator).last()
    waiting = Post.objects.create(
        topic=topic, poster=other_post.poster, content="À relire", approved=False
    )
    urls = [
        "/forum/",
        reverse("forum:forum", kwargs={"slug": topic.forum.slug, "pk": topic.forum.pk}),
        reverse(
            "forum:forum", kwargs={"slug": topic.forum.parent.slug, "pk": topic.forum.parent.pk}
        ),
        topic_url(topic),
        topic_url(poll_topic),
        topic_url(poll_topic) + "?view_results=true",
        topic_create_url(topic.forum),
        reply_url(topic),
        post_update_url(other_post),
        reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk}),
        reverse("forum_moderation:topic_move", kwargs={"slug": topic.slug, "pk": topic.pk}),
        reverse("forum_member:profile", kwargs={"pk": other_post.poster_id}),
        reverse("community:topic_list"),
        reverse("community:theme", kwargs={"slug": "formation"}),
        reverse("community:report_queue"),
        reverse("community:member_queue"),
        reverse("community:log"),
        reverse("community:report_post", kwargs={"post_pk": other_post.pk}),
        reverse("accounts:profile"),
        reverse("forum_moderation:queue"),
        reverse("forum_moderation:queued_post", kwargs={"pk": waiting.pk}),
        reverse("forum_moderation:approve_queued_post", kwargs={"pk": waiting.pk}),
        reverse("forum_member:user_posts", kwargs={"pk": other_post.poster_id}),
        reverse(
            "forum_conversation:post_delete",
            kwargs={
                "forum_slug": poll_topic.forum.slug,
                "forum_pk": poll_topic.forum.pk,
                "topic_slug": poll_topic.slug,
                "topic_pk": poll_topic.pk,
                "pk": other_post.pk,
            },
        ),
    ]
    client.force_login(moderator)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        check_page(response.content.decode(), url)
    client.logout()
    for url in ["/forum/", reverse("accounts:sign_up"), topic_url(poll_topic)]:
        response = client.get(url)
        assert response.status_code == 200, url
        check_page(response.content.decode(), url)
