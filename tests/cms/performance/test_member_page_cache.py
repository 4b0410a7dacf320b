"""Signed-in members read the home page, the catalogue and the videos from one shared rendering,
with their own parts (header, messages, follow button, followed questions) rendered for each.

The measure of "never a page cached for someone else": what a member receives from the cache is,
byte for byte (CSRF tokens aside, which differ on every response), what the same member receives
with the cache turned off.
"""

import re
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from machina.core.db.models import get_model

from cms.performance.membercache import HEADER
from cms.questions.models import QuestionAnswerPage, QuestionIndexPage
from cms.standard.models import StandardPage
from cms.toolbox.models import ToolboxIndexPage, ToolPage
from community.accounts.roles import PILOT_GROUP, apply_forum_permissions
from community.notifications.models import Follow, Notification
from tests.cms.performance.page_cache_support import page_cache_settings
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import reply_url, topic_url
from tests.conftest import form_fields, text_of

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")

MEMBER_CACHE = page_cache_settings("comcep-test-member-pages")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def member_cache():
    with MEMBER_CACHE:
        caches["pages"].clear()
        yield
        caches["pages"].clear()


@pytest.fixture
def site_pages(portal, rubric, make_offer, make_video, make_news):
    offer = make_offer("Bilan de compétences", is_national=True)
    video = make_video("Accueillir en entretien")
    news = make_news("Le CEP a dix ans")
    legal = portal.add_child(
        instance=StandardPage(title="Mentions légales", slug="mentions", body="<p>Texte.</p>")
    )
    toolbox = ToolboxIndexPage.ensure_under(portal)[0]
    tool = toolbox.add_child(
        instance=ToolPage(
            title="Mon compte formation",
            purpose="Consulter ses droits.",
            users="Tout public.",
            website="https://www.example.gouv.fr",
            provider="Caisse des Dépôts",
        )
    )
    questions = QuestionIndexPage.ensure_under(portal)[0]
    question = questions.add_child(
        instance=QuestionAnswerPage(
            title="Qui finance le bilan ?", question="<p>Qui ?</p>", answer="<p>Le CPF.</p>"
        )
    )
    return {
        "accueil": "/",
        "offres": offer.get_parent().url,
        "une offre": offer.url,
        "vidéos": video.get_parent().url,
        "une vidéo": video.url,
        "actualités": news.get_parent().url,
        "une actualité": news.url,
        "une page": legal.url,
        "boîte à outils": toolbox.url,
        "un outil": tool.url,
        "questions": questions.url,
        "une question": question.url,
        "forum": "/forum/",
    }


@pytest.fixture
def sophie(make_member):
    return make_member("sophie", "Sophie M. (France Travail)")


@pytest.fixture
def julien(make_member):
    return make_member("julien", "Julien L. (Apec)")


def signed_in(member):
    client = Client()
    client.force_login(member)
    return client


def page_of(response):
    assert response.status_code == 200
    return CSRF.sub("", response.content.decode())


def without_cache(client, url):
    with override_settings(COMCEP_PAGE_CACHE_SECONDS=0):
        response = client.get(url)
    assert HEADER not in response
    return page_of(response)


@pytest.mark.parametrize(
    "name",
    ["accueil", "offres", "une offre", "vidéos", "une vidéo", "actualités", "une actualité"]
    + ["une page", "boîte à outils", "un outil", "questions", "une question", "forum"],
)
def test_a_member_gets_the_shared_page_with_their_own_parts(
    name, site_pages, rubric, make_topic, sophie, julien
):
    url = site_pages[name]
    # Sophie follows the rubric, where Julien asked a question nobody answered; she has unread
    # notifications. Julien follows nothing and has none.
    make_topic(julien, subject="Financer un bilan en Bretagne ?")
    Follow.objects.create(user=sophie, forum=rubric)
    for _ in range(2):
        Notification.objects.create(recipient=sophie, kind=Notification.Kind.MENTION)
    first = signed_in(sophie).get(url)
    assert first[HEADER] == "miss"

    for member, other in ((julien, sophie), (sophie, julien)):
        client = signed_in(member)
        served = client.get(url)
        assert served[HEADER] == "hit"
        assert page_of(served) == without_cache(client, url)
        header = text_of(served.content.decode().split("</header>", 1)[0])
        assert member.display_name in header
        assert other.display_name not in header

    home = text_of(signed_in(sophie).get("/").content.decode())
    assert "Financer un bilan en Bretagne ?" in home.split("Dernières discussions", 1)[0]


def test_the_follow_button_and_the_message_belong_to_the_reader(site_pages, sophie, julien):
    url = site_pages["une offre"]
    sophie_client, julien_client = signed_in(sophie), signed_in(julien)
    assert "Suivre cette fiche" in text_of(page_of(sophie_client.get(url)))

    followed = sophie_client.post(reverse("follow_page", args=[_offer_pk(url)]), {"follow": "1"})
    assert followed.status_code == 302

    mine = sophie_client.get(url)
    assert mine[HEADER] == "hit"
    mine_text = text_of(page_of(mine))
    assert "Ne plus suivre cette fiche" in mine_text
    theirs = julien_client.get(url)
    assert theirs[HEADER] == "hit"
    theirs_text = text_of(page_of(theirs))
    assert "Suivre cette fiche" in theirs_text
    assert "Ne plus suivre cette fiche" not in theirs_text
    # The confirmation was shown once, to Sophie only.
    assert "Vous suivez cette fiche" in mine_text
    assert "Vous suivez cette fiche" not in theirs_text
    assert "Vous suivez cette fiche" not in text_of(page_of(sophie_client.get(url)))


def _offer_pk(url):
    from wagtail.models import Page

    return Page.objects.get(url_path__endswith=url).pk


def test_a_change_shows_to_the_next_member(make_offer, sophie):
    offer = make_offer("Prestation de conseil", summary="Ancien résumé de l’offre.")
    client = signed_in(sophie)
    client.get(offer.url)
    assert client.get(offer.url)[HEADER] == "hit"

    offer.summary = "Nouveau résumé, relu par l’éditrice."
    offer.save_revision().publish()

    text = text_of(page_of(client.get(offer.url)))
    assert "Nouveau résumé, relu par l’éditrice." in text
    assert "Ancien résumé de l’offre." not in text


def test_a_pilot_discussion_is_never_shown_to_a_non_member(portal, make_topic, make_member, sophie):
    category = Forum.objects.create(name="Groupe pilote", type=Forum.FORUM_CAT)
    pilot_rubric = Forum.objects.create(
        name="Retours sur la bêta", type=Forum.FORUM_POST, parent=category
    )
    apply_forum_permissions()
    nadia = make_member("nadia", "Nadia R. (pilote)", groups=("Conseillers", PILOT_GROUP))
    make_topic(nadia, subject="Retour confidentiel du groupe pilote", forum=pilot_rubric)

    assert "Retour confidentiel du groupe pilote" in text_of(page_of(signed_in(nadia).get("/")))
    response = signed_in(sophie).get("/")
    assert response[HEADER] == "miss"  # another audience: rendered for her
    assert "Retour confidentiel du groupe pilote" not in text_of(page_of(response))


def test_a_member_with_a_post_waiting_for_approval_is_served_without_the_cache(
    site_pages, make_topic, rubric, sophie, julien
):
    topic = make_topic(julien, subject="Un sujet relu")
    Post.objects.create(topic=topic, poster=sophie, content="En attente", approved=False)
    client = signed_in(sophie)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert HEADER not in response
    assert signed_in(julien).get("/")[HEADER] == "miss"


def test_a_page_from_the_cache_costs_no_query(site_pages, sophie, django_assert_num_queries):
    client = signed_in(sophie)
    for name in site_pages:
        client.get(site_pages[name])
    # Who reads, their unread count, what they follow, what they have read: kept until they
    # change; the page itself comes from the cache.
    for name, url in site_pages.items():
        with django_assert_num_queries(0):
            assert client.get(url)[HEADER] == "hit", name


def test_the_forum_index_shows_each_member_their_unread_rubrics(rubric, make_topic, sophie, julien):
    topic = make_topic(julien, subject="Une question neuve")
    sophie_client, julien_client = signed_in(sophie), signed_in(julien)
    assert "rubric--unread" in page_of(julien_client.get("/forum/"))

    # Sophie reads the only topic of the rubric: it is no longer new for her, still for Julien.
    sophie_client.get(topic_url(topic))
    mine = sophie_client.get("/forum/")
    assert mine[HEADER] == "hit"
    assert "rubric--unread" not in page_of(mine)
    assert "nouveau" not in text_of(page_of(mine))
    theirs = julien_client.get("/forum/")
    assert theirs[HEADER] == "hit"
    assert "rubric--unread" in page_of(theirs)
    assert page_of(theirs) == without_cache(julien_client, "/forum/")

    # Julien replies: the rubric is new for Sophie again, at her next request.
    data = form_fields(page_of(julien_client.get(reply_url(topic))), "form[enctype]")
    data["content"] = "Je reformule la demande avec la personne, puis je propose un rendez-vous."
    assert julien_client.post(reply_url(topic), data).status_code == 302
    assert "rubric--unread" in page_of(sophie_client.get("/forum/"))


def test_who_reads_is_never_older_than_their_account(site_pages, sophie, julien):
    """The signed-in member is kept between requests: a new password or a deactivated account
    signs them out at the next request, and a new name shows at once."""
    sophie_client, julien_client = signed_in(sophie), signed_in(julien)
    for client in (sophie_client, julien_client):
        client.get("/")
        assert client.get("/")[HEADER] == "hit"

    sophie.display_name = "Sophie Martin (France Travail)"
    sophie.save()
    assert "Sophie Martin (France Travail)" in text_of(sophie_client.get("/").content.decode())

    sophie.set_password("Un tout autre mot de passe 2026")
    sophie.save()
    julien.is_active = False
    julien.save()
    for client in (sophie_client, julien_client):
        response = client.get("/")
        assert HEADER not in response
        header = text_of(response.content.decode().split("</header>", 1)[0])
        assert "Se connecter" in header
        assert "Connecté" not in header


def test_no_member_part_inside_a_cached_fragment():
    """A fragment kept by ``{% cache %}`` is shared by every reader: a part inside it would be
    kept with the first reader's content (or marker) and shown to the others."""
    from django.conf import settings as django_settings

    fragment = re.compile(r"{%\s*cache\b.*?{%\s*endcache\s*%}", re.DOTALL)
    offenders = []
    for directory in django_settings.TEMPLATES[0]["DIRS"]:
        for template in Path(directory).rglob("*.html"):
            for block in fragment.findall(template.read_text()):
                if "member_part" in block or "csrf_token" in block:
                    offenders.append(str(template))
    assert offenders == []
