"""Polls where the permissions allow them; machina's moderation actions in the log."""

from django.urls import reverse
from machina.core.db.models import get_model

from community.moderation.models import ModerationLogEntry
from tests.community.helpers import topic_create_url, topic_url
from tests.conftest import form_fields, text_of

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
TopicPollVote = get_model("forum_polls", "TopicPollVote")


def test_counsellor_creates_a_poll_colleague_votes_partner_only_reads(
    client, rubric, counsellor, make_member, partner
):
    client.force_login(counsellor)
    url = topic_create_url(rubric)
    data = form_fields(client.get(url).content.decode(), "form.topic-form")
    data.update(
        subject="Durée du premier entretien",
        content="Votez !",
        poll_question="Combien de temps ?",
        poll_max_options="1",
    )
    data["poll-0-text"] = "Une heure"
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Indiquez au moins deux choix pour le sondage." in text_of(refused.content.decode())
    assert form_fields(refused.content.decode(), "form.topic-form")["poll-0-text"] == "Une heure"
    data["poll-1-text"] = "Plus"
    response = client.post(url, data)
    assert response.status_code == 302, text_of(client.post(url, data).content.decode())
    topic = Topic.objects.get(subject="Durée du premier entretien")
    option = topic.poll.options.get(text="Une heure")

    colleague = make_member("julien", "Julien L. (Apec)")
    client.force_login(colleague)
    page = client.get(topic_url(topic)).content.decode()
    assert "Sondage : Combien de temps ?" in text_of(page)
    assert "Choisissez une réponse" in text_of(page)
    response = client.post(
        reverse("forum_conversation:topic_poll_vote", kwargs={"pk": topic.poll.pk}),
        {"options": option.pk},
    )
    assert response.status_code == 302
    assert TopicPollVote.objects.filter(voter=colleague, poll_option=option).exists()
    assert "1 vote au total" in text_of(client.get(topic_url(topic)).content.decode())

    client.force_login(partner)
    page = text_of(client.get(topic_url(topic)).content.decode())
    assert "Choisissez une réponse" not in page
    response = client.post(
        reverse("forum_conversation:topic_poll_vote", kwargs={"pk": topic.poll.pk}),
        {"options": option.pk},
    )
    assert response.status_code == 403
    assert not TopicPollVote.objects.filter(voter=partner).exists()


def test_machina_moderation_actions_are_logged(client, rubric, counsellor, make_topic, moderator):
    topic = make_topic(counsellor, subject="Sujet à verrouiller")
    waiting = Post.objects.create(
        topic=topic, poster=counsellor, content="À approuver", approved=False
    )
    client.force_login(moderator)
    client.post(reverse("forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk}))
    client.post(reverse("forum_moderation:approve_queued_post", kwargs={"pk": waiting.pk}))
    actions = set(
        ModerationLogEntry.objects.filter(actor=moderator).values_list("action", flat=True)
    )
    assert actions == {"lock_topic", "approve_post"}
    log = text_of(client.get(reverse("community:log")).content.decode())
    assert "a verrouillé un sujet" in log and "a approuvé un message" in log
    assert "Sujet à verrouiller" in log


def test_moderator_shows_a_hidden_post_again(client, rubric, counsellor, make_topic, moderator):
    topic = make_topic(counsellor, content="Message masqué puis réaffiché")
    post = topic.first_post
    Post.objects.filter(pk=post.pk).update(is_hidden=True)
    client.force_login(counsellor)
    # A hidden post does not exist for a member who may not moderate it.
    assert (
        client.post(reverse("community:show_post", kwargs={"post_pk": post.pk})).status_code == 404
    )
    assert Post.objects.get(pk=post.pk).is_hidden
    client.force_login(moderator)
    page = text_of(client.get(topic_url(topic)).content.decode())
    assert "Masqué par la modération" in page and "Message masqué puis réaffiché" in page
    client.post(reverse("community:show_post", kwargs={"post_pk": post.pk}))
    post.refresh_from_db()
    assert not post.is_hidden
    assert ModerationLogEntry.objects.filter(action="show_post", actor=moderator).exists()
