"""What others change shows at the next request, with the production page caches on.

Each reader — an anonymous visitor, a member, a moderator where the change concerns them — reads
the pages twice before the change (the second time from a cache), then once after it; the change
goes through the URL its author uses. A reply also leaves what it does not change in the caches:
the catalogue is still served from them.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from machina.core.db.models import get_model

from cms.performance.invalidation import bulk_load
from cms.taxonomies.models import Theme
from community.accounts.roles import MODERATORS_GROUP
from community.moderation.models import PostReport
from tests.cms.performance.page_cache_support import page_caches_on
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import reply_url, rubric_url, topic_url
from tests.conftest import form_fields, text_of

Post = get_model("forum_conversation", "Post")


@pytest.fixture(autouse=True)
def caches_on():
    with page_caches_on("comcep-test-changes"):
        yield


def from_cache(response):
    return "hit" in (response.get("X-Page-Cache"), response.get("X-Member-Cache"))


def read_twice(client, url):
    """Read ``url`` as a reader who comes back: the second answer comes from a cache."""
    assert client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert from_cache(response), f"{url} is not served from a cache"
    return text_of(response.content.decode())


def text_at(client, url):
    response = client.get(url)
    return response.status_code, text_of(response.content.decode())


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(make_member):
    return {
        "author": make_member(),
        "member": make_member("julien", "Julien L. (Apec)"),
        "moderator": make_member(
            "karim", "Karim B. (modération)", groups=("Conseillers", MODERATORS_GROUP)
        ),
    }


@pytest.fixture
def readers(people):
    return {"anonymous": Client(), "member": signed_in(people["member"])}


def test_a_reply_shows_on_its_topic_and_lists_and_the_catalogue_stays_cached(
    people, readers, make_topic, make_offer
):
    topic = make_topic(people["author"], subject="Financer une VAE")
    make_offer("France VAE")
    pages = [topic_url(topic), rubric_url(topic.forum), "/"]
    for client in readers.values():
        for url in [*pages, "/offres/"]:
            read_twice(client, url)

    author = signed_in(people["member"])
    data = form_fields(author.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = "Le CPF finance une partie du parcours VAE."
    assert author.post(reply_url(topic), data).status_code == 302

    for who, client in readers.items():
        assert "Le CPF finance une partie" in text_at(client, topic_url(topic))[1], who
        assert "1 réponse" in text_at(client, rubric_url(topic.forum))[1], who
        # The catalogue shows nothing of the forum: still served from the caches.
        response = client.get("/offres/")
        assert from_cache(response), f"{who}: a reply emptied the catalogue's cache"
        assert "France VAE" in text_of(response.content.decode())


def test_a_hidden_reply_leaves_every_page_at_once_but_the_moderators(people, readers, make_topic):
    topic = make_topic(people["author"], subject="Un sujet tendu")
    reply = Post.objects.create(
        topic=topic, poster=people["member"], content="Propos inacceptables ici"
    )
    readers = {**readers, "moderator": signed_in(people["moderator"])}
    for client in readers.values():
        assert "Propos inacceptables" in read_twice(client, topic_url(topic))

    reporter = signed_in(people["author"])
    url = reverse("community:report_post", kwargs={"post_pk": reply.pk})
    assert reporter.post(url, {"reason": "abuse", "comment": "Ton agressif"}).status_code == 302
    report = PostReport.objects.get(post=reply)
    response = readers["moderator"].post(
        reverse("community:report_action", kwargs={"pk": report.pk}),
        {"action": "hide", "message": "Contraire à la charte"},
    )
    assert response.status_code == 302

    for who in ("anonymous", "member"):
        assert "Propos inacceptables" not in text_at(readers[who], topic_url(topic))[1], who
    # The rubric's moderators still see it, to show it again if they decide so.
    assert "Propos inacceptables" in text_at(readers["moderator"], topic_url(topic))[1]


def test_an_approved_post_shows_at_once_to_everyone(people, readers, make_topic, make_member):
    topic = make_topic(people["author"], subject="Premier accueil")
    newcomer = make_member("ines", "Inès M. (Mission locale)")
    pending = Post.objects.create(
        topic=topic, poster=newcomer, content="Une réponse relue avant publication", approved=False
    )
    moderator = signed_in(people["moderator"])
    for who, client in readers.items():
        assert "relue avant publication" not in read_twice(client, topic_url(topic)), who
    assert "relue avant publication" in text_at(moderator, topic_url(topic))[1]

    response = moderator.post(
        reverse("forum_moderation:approve_queued_post", kwargs={"pk": pending.pk})
    )
    assert response.status_code == 302

    for who, client in readers.items():
        assert "relue avant publication" in text_at(client, topic_url(topic))[1], who


def test_an_unpublished_offer_leaves_its_page_and_the_catalogue(readers, make_offer, admin_client):
    offer = make_offer("Aide au permis de conduire")
    for client in readers.values():
        read_twice(client, offer.url)
        assert "Aide au permis de conduire" in read_twice(client, "/offres/")

    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[offer.pk]))
    assert response.status_code == 302

    for who, client in readers.items():
        assert client.get(offer.url).status_code == 404, who
        assert "Aide au permis de conduire" not in text_at(client, "/offres/")[1], who


def test_imported_local_sites_show_on_the_structures_listing_at_once(
    readers, portal, reference_lists, tmp_path
):
    import io

    from django.core.management import call_command

    from cms.structures import demo
    from cms.structures.models import StructureIndexPage
    from tests.cms.structures.test_import_structures import site_row, write_csv

    demo.load(portal, io.StringIO())
    listing = StructureIndexPage.objects.get().url + "?department=29"
    # Structure pages are kept by the anonymous page cache only.
    assert "Point d’accueil Finistère" not in read_twice(readers["anonymous"], listing)
    assert "Point d’accueil Finistère" not in text_at(readers["member"], listing)[1]

    row = site_row(29)  # a site in the Finistère (29)
    assert row["code_departement"] == "29"
    call_command(
        "import_structures", write_csv(tmp_path / "sites.csv", [row]), stdout=io.StringIO()
    )

    for who, client in readers.items():
        assert row["nom"] in text_at(client, listing)[1], who
    # The same file again changes nothing, and the pages stay cached.
    call_command("import_structures", str(tmp_path / "sites.csv"), stdout=io.StringIO())
    assert from_cache(readers["anonymous"].get(listing))


def test_a_renamed_theme_shows_on_topics_and_offers(
    people, readers, make_topic, make_offer, admin_client
):
    theme = Theme.objects.create(name="Mobilité", slug="mobilite")
    topic = make_topic(people["author"], subject="Aides à la mobilité")
    topic.themes.add(theme)
    offer = make_offer("Aide au permis de conduire")
    offer.themes.add(theme)
    offer.save_revision().publish()
    readers = {**readers, "moderator": signed_in(people["moderator"])}
    for client in readers.values():
        assert "Mobilité" in read_twice(client, topic_url(topic))
        assert "Mobilité" in read_twice(client, offer.url)

    edit = reverse("wagtailsnippets_taxonomies_theme:edit", args=[theme.pk])
    assert admin_client.get(edit).status_code == 200
    data = {"name": "Mobilité géographique", "slug": "mobilite", "sort_order": 0}
    assert admin_client.post(edit, {**data, "description": ""}).status_code == 302
    assert Theme.objects.get(pk=theme.pk).name == "Mobilité géographique"

    for who, client in readers.items():
        assert "Mobilité géographique" in text_at(client, topic_url(topic))[1], who
        assert "Mobilité géographique" in text_at(client, offer.url)[1], who


def test_a_page_kept_during_a_bulk_load_is_not_served_after_it(readers, make_offer):
    """``bulk_load()`` (``load_demo``) bumps what a write touches at its first write and when the
    load ends, not at every write: a page kept between two of its writes shows the last one."""
    offer = make_offer("Aide au permis de conduire")
    for client in readers.values():
        read_twice(client, offer.url)

    with bulk_load(), transaction.atomic():
        offer.title = "Aide au permis B"
        offer.save_revision().publish()
        for client in readers.values():
            assert "Aide au permis B" in read_twice(client, offer.url)
        offer.title = "Aide au permis poids lourd"
        offer.save_revision().publish()

    for who, client in readers.items():
        assert "Aide au permis poids lourd" in text_at(client, offer.url)[1], who


def test_a_tool_page_shows_a_new_citing_reply_at_once_and_stays_cached_after_others(
    people, readers, make_topic, make_tool
):
    tool = make_tool("Mon Compte Formation")
    cited, other = (make_topic(people["author"], subject=s) for s in ("Reste à charge", "Autre"))
    for client in readers.values():
        assert "Reste à charge" not in read_twice(client, tool.url)

    writer = signed_in(people["member"])

    def reply(topic, content):
        data = form_fields(writer.get(reply_url(topic)).content.decode(), "form[enctype]")
        data["content"] = content
        assert writer.post(reply_url(topic), data).status_code == 302

    reply(other, "Une réponse qui ne cite aucun outil.")
    for who, client in readers.items():
        response = client.get(tool.url)
        assert from_cache(response), f"{who}: a reply elsewhere emptied the tool page's cache"

    reply(cited, f"Voir [Mon Compte Formation]({tool.url}) pour le reste à charge.")
    for who, client in readers.items():
        assert "Reste à charge" in text_at(client, tool.url)[1], who


def test_a_local_site_shows_its_operators_new_appointment_text_at_once(
    readers, portal, reference_lists
):
    """A local site without its own appointment text shows its operator's, read by a fragment
    kept per version of public content (templates/structures/structure_page.html)."""
    import io

    from cms.structures import demo
    from cms.structures.models import StructurePage

    demo.load(portal, io.StringIO())
    site = StructurePage.objects.filter(appointments="", depth__gt=4).first()
    operator = site.get_parent().specific
    for client in readers.values():
        assert "Premier rendez-vous" in read_twice(client, site.url)

    operator.appointments = "<p>Rendez-vous uniquement par le numéro unique 3949.</p>"
    operator.save_revision().publish()

    for who, client in readers.items():
        text = text_at(client, site.url)[1]
        assert "numéro unique 3949" in text, who
        assert "Premier rendez-vous" not in text, who


def test_a_tool_page_drops_an_unpublished_video_at_once(
    readers, make_tool, make_video, admin_client
):
    video = make_video("Mobiliser le CPF en entretien")
    tool = make_tool("Mon Compte Formation", videos=[video])
    for client in readers.values():
        assert "Mobiliser le CPF en entretien" in read_twice(client, tool.url)

    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[video.pk]))
    assert response.status_code == 302

    for who, client in readers.items():
        text = text_at(client, tool.url)[1]
        assert "Mobiliser le CPF en entretien" not in text, who
        assert "Aucune vidéo ne présente encore cet outil." in text, who


def test_a_news_item_drops_an_unpublished_offer_at_once(
    readers, make_news, make_offer, admin_client
):
    offer = make_offer("Projet de transition professionnelle")
    news = make_news("Transitions Pro : le calendrier 2027")
    news.related_offers = [offer]
    news.save_revision().publish()
    for client in readers.values():
        assert "Projet de transition professionnelle" in read_twice(client, news.url)

    response = admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[offer.pk]))
    assert response.status_code == 302

    for who, client in readers.items():
        text = text_at(client, news.url)[1]
        assert "Transitions Pro : le calendrier 2027" in text, who
        assert "Projet de transition professionnelle" not in text, who
