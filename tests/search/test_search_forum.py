from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from machina.core.db.models import get_model

from tests.factories import TopicFactory

Post = get_model("forum_conversation", "Post")


def test_hidden_unapproved_and_pilot_posts_are_found_only_by_who_may_read_them(
    client, search, make_topic, counsellor, pilot_rubric, pilot_counsellor
):
    make_topic(
        counsellor,
        subject="Validation des acquis",
        content="La VAE en pratique",
        with_hidden_reply="VAE masquée par les modérateurs",
        with_pending_reply="VAE en attente de validation",
    )
    make_topic(counsellor, subject="Sujet en attente", content="VAE et attente", pending=True)
    make_topic(pilot_counsellor, subject="Retour pilote", content="VAE pilote", forum=pilot_rubric)

    assert search("q=VAE") == ["Validation des acquis"]
    assert search("q=masquee") == []
    assert search("q=attente") == []
    assert search("q=VAE", user=counsellor) == ["Validation des acquis"]
    client.logout()
    assert sorted(search("q=VAE", user=pilot_counsellor)) == [
        "Retour pilote",
        "Validation des acquis",
    ]


def test_a_result_on_a_reply_links_to_that_reply(client, make_topic, counsellor):
    topic = make_topic(counsellor, subject="Bilan de compétences", content="Question générale")
    reply = Post.objects.create(topic=topic, poster=counsellor, content="Le CPF finance la VAE")
    soup = BeautifulSoup(client.get("/recherche/?q=vae").content, "html.parser")
    link = soup.select_one("main .search-result__title a")
    assert link.get_text(strip=True) == "Bilan de compétences"
    assert link["href"].endswith(f"?post={reply.pk}#{reply.pk}")
    assert client.get(link["href"]).status_code == 200
    assert "<mark>VAE</mark>" in str(soup.select_one("main .search-result__snippet"))


def test_indexing_follows_posting_editing_hiding_approving_and_deleting(
    search, make_topic, counsellor
):
    topic = make_topic(counsellor, subject="Accueil", content="Premier message")
    post = Post.objects.create(topic=topic, poster=counsellor, content="Parlons du portefeuille")
    assert search("q=portefeuille") == ["Accueil"]
    post.content = "Parlons plutôt du passeport"
    post.save()
    assert search("q=portefeuille") == []
    assert search("q=passeport") == ["Accueil"]
    post.is_hidden = True
    post.save()
    assert search("q=passeport") == []
    post.is_hidden = False
    post.approved = False
    post.save()
    assert search("q=passeport") == []
    post.approved = True
    post.save()
    assert search("q=passeport") == ["Accueil"]
    post.delete()
    assert search("q=passeport") == []


def test_the_old_forum_search_address_leads_to_discussions(client, portal):
    response = client.get("/forum/search/?q=VAE")
    assert response.status_code == 301
    assert response["Location"] == "/recherche/?type=discussion&q=VAE"


def test_query_count_does_not_grow_with_the_number_of_matches(client, counsellor, rubric):
    def create(count):
        for number in range(count):
            TopicFactory(
                forum=rubric,
                poster=counsellor,
                subject=f"Sujet {number}",
                content="Le conseil en évolution professionnelle",
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/recherche/?q=evolution&page=2")
        assert response.status_code == 200
        return len(captured), response

    create(30)
    client.get("/recherche/?q=evolution")  # caches (content types, site) warmed once
    small, response = queries()
    assert "30 résultats" in response.content.decode()
    create(470)
    client.get("/recherche/?q=evolution")  # the shared cache refills after the changes
    large, response = queries()
    assert "500 résultats" in response.content.decode()
    assert small == large
