"""Threads and pages know each other: cards under posts, "Discussions liées" on pages, videos
cited to the second."""

import pytest
from machina.core.db.models import get_model

from cms.public_urls import public_url
from cms.videos.timecodes import parse_time, time_label
from community.contributions.links import portal_links
from community.contributions.models import PageCitation
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import topic_url
from tests.conftest import page_queries, text_of
from tests.factories import MemberFactory, TopicFactory

Post = get_model("forum_conversation", "Post")


def count_queries(client, url):
    count, response = page_queries(client, url)
    return count, response.content.decode()


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("135", 135), ("2m15s", 135), ("2:15", 135), ("1h2m3s", 3723), ("1:02:03", 3723),
     ("", None), ("abc", None), ("2:75", None)],
)  # fmt: skip
def test_times_as_people_write_them(value, seconds):
    assert parse_time(value) == seconds


def test_time_labels():
    assert time_label(135) == "2:15" and time_label(3723) == "1:02:03"


def test_only_links_to_the_portal_count(portal):
    html = (
        f'<a href="{public_url("/offres/cpf/")}">a</a> <a href="/videos/x/?t=2m15s">b</a>'
        '<a href="https://ailleurs.example/offres/cpf/">c</a> <a href="mailto:a@b.fr">d</a>'
        '<a href="/videos/y#t=2:15">e</a>'
    )
    links = portal_links(html)
    assert [(link.url_path, link.seconds) for link in links] == [
        ("/home/offres/cpf/", None),
        ("/home/videos/x/", 135),
        ("/home/videos/y/", 135),
    ]


@pytest.fixture
def cited_offer(make_offer):
    return make_offer(
        "Compte personnel de formation", summary="Financer une formation avec le CPF."
    )


def test_a_post_linking_to_an_offer_shows_its_card_and_the_offer_lists_the_discussion(
    client, make_topic, make_member, cited_offer, pilot_rubric
):
    # Read before anyone cites it: no related discussions (kept per version of its citations).
    assert "Discussions liées" not in client.get(cited_offer.url).content.decode()
    author = make_member()
    topic = make_topic(author, subject="Mobiliser le CPF", content="Voir la fiche.")
    Post.objects.create(
        topic=topic, poster=author, content=f"La fiche : [CPF]({public_url(cited_offer.url)})"
    )
    assert PageCitation.objects.filter(page=cited_offer).count() == 1

    page = text_of(client.get(topic_url(topic)).content.decode())
    assert "Compte personnel de formation" in page
    assert "Financer une formation avec le CPF." in page
    assert "Offre de services" in page

    # A private discussion citing it, and a hidden post citing it, stay out of sight.
    secret = TopicFactory(forum=pilot_rubric, poster=author, subject="Sujet du pilote", content="x")
    Post.objects.create(topic=secret, poster=author, content=f"[fiche]({cited_offer.url})")
    hidden_topic = make_topic(author, subject="Sujet masqué", content="y")
    Post.objects.create(
        topic=hidden_topic, poster=author, content=f"[fiche]({cited_offer.url})", is_hidden=True
    )

    client.force_login(make_member("lecteur", "Lecteur"))
    offer_page = text_of(client.get(cited_offer.url).content.decode())
    assert "Discussions liées" in offer_page and "Mobiliser le CPF" in offer_page
    assert "Sujet du pilote" not in offer_page and "Sujet masqué" not in offer_page
    client.force_login(MemberFactory(username="pilote", pilot=True))
    assert "Sujet du pilote" in client.get(cited_offer.url).content.decode()


def test_an_edit_that_removes_the_link_removes_the_citation(make_topic, make_member, cited_offer):
    author = make_member()
    topic = make_topic(author, content=f"[fiche]({cited_offer.url})")
    post = topic.first_post
    assert PageCitation.objects.filter(post=post).count() == 1
    post.content = "Plus de lien."
    post.save()
    assert not PageCitation.objects.filter(post=post).exists()


def test_topic_and_offer_pages_cost_the_same_whatever_the_links(
    client, make_topic, make_member, make_offer
):
    author = make_member()
    client.force_login(author)
    offers = [make_offer(f"Offre {n}") for n in range(12)]
    topic = make_topic(author, subject="Beaucoup de liens", content=f"[o]({offers[0].url})")
    for offer in offers[1:3]:
        Post.objects.create(topic=topic, poster=author, content=f"[o]({offer.url})")
    small_topic, _ = count_queries(client, topic_url(topic))
    small_offer, _ = count_queries(client, offers[0].url)

    for offer in offers[3:]:
        Post.objects.create(
            topic=topic, poster=author, content=f"[o]({offer.url}) [p]({offers[0].url})"
        )
    large_topic, html = count_queries(client, topic_url(topic))
    assert "Offre 11" in html
    # (Other topics change machina's read tracking of the rubric: measured after the topic page.)
    for number in range(6):
        make_topic(author, subject=f"Autre sujet {number}", content=f"[o]({offers[0].url})")
    large_offer, html = count_queries(client, offers[0].url)
    assert "Autre sujet 5" in html
    assert small_topic == large_topic
    assert small_offer == large_offer


def test_a_video_cited_at_a_time_shows_a_card_starting_there(
    client, make_topic, make_member, make_video
):
    video = make_video(title="Les trois temps du CEP")
    author = make_member()
    topic = make_topic(
        author, content=f"À voir : [ici]({public_url(video.url)}?t=135) et [là]({video.url}#t=1m)"
    )
    html = client.get(topic_url(topic)).content.decode()
    text = text_of(html)
    assert "Les trois temps du CEP — à 2:15" in text
    assert "Les trois temps du CEP — à 1:00" in text
    assert 'data-video-start="135"' in html and 'data-video-start="60"' in html
    assert "video-player.js" in html
    # The video page lists it among its related discussions.
    assert "Discussions liées" in client.get(video.url).content.decode()


def test_the_video_page_starts_at_t_and_lists_its_chapters_as_links(client, make_video):
    video = make_video(
        title="Les trois temps du CEP",
        chapters=[
            {"type": "chapter", "value": {"start": "02:45", "title": "Le premier temps"}},
        ],
    )
    html = client.get(f"{video.url}?t=2:15").content.decode()
    assert 'data-video-start="135"' in html
    assert "La vidéo commencera à 2:15." in text_of(html)
    assert 'href="?t=165"' in html and "Le premier temps" in html
    assert "data-video-start" not in client.get(video.url).content.decode()


def test_pasted_portal_addresses_become_the_same_cards_as_markdown_links(
    client, make_topic, make_member, make_video, cited_offer, questions_index
):
    """Bare addresses copied from the address bar: a video at ?t=90 or #t=90, an offer, a tool,
    a fiche; each shows its card, like a Markdown link to it."""
    from cms.questions.models import QuestionAnswerPage
    from cms.toolbox.models import ToolboxIndexPage, ToolPage

    toolbox = ToolboxIndexPage.ensure_under(questions_index.get_parent())[0]
    tool = toolbox.add_child(
        instance=ToolPage(
            title="Diagoriente",
            purpose="Explorer ses compétences.",
            users="Tout public.",
            website="https://diagoriente.beta.gouv.fr",
            provider="Beta.gouv",
        )
    )
    tool.save_revision().publish()
    author = make_member()
    fiche = questions_index.add_child(
        instance=QuestionAnswerPage(
            title="Qui finance la VAE ?",
            slug="qui-finance-la-vae",
            question="<p>Q</p>",
            answer="<p>R</p>",
            asked_by=author,
            answered_by=author,
        )
    )
    fiche.save_revision().publish()
    video = make_video(title="Pro-A en deux minutes")
    topic = make_topic(
        author,
        content=(
            f"Regardez {public_url(video.url)}?t=90 puis {public_url(video.url)}#t=2m\n"
            f"L'offre : {public_url(cited_offer.url)}, l'outil {public_url(tool.url)} "
            f"et la fiche {public_url(fiche.url)}."
        ),
    )
    html = client.get(topic_url(topic)).content.decode()
    text = text_of(html)
    assert "Pro-A en deux minutes — à 1:30" in text
    assert "Pro-A en deux minutes — à 2:00" in text
    assert 'data-video-start="90"' in html and 'data-video-start="120"' in html
    for title in ("Compte personnel de formation", "Diagoriente", "Qui finance la VAE ?"):
        assert text.count(title) == 1, title  # the card (the link's text is its address)
    assert set(
        PageCitation.objects.filter(post=topic.first_post).values_list("page_id", flat=True)
    ) == {
        video.pk,
        cited_offer.pk,
        tool.pk,
        fiche.pk,
    }
