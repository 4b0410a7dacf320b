"""The French demo site (``manage.py load_demo``), built once for every test that reads it.

Building the demo takes seconds; it is built once per test session, by the module fixture
``demo_site`` inside a transaction that is rolled back when the module ends. Each test runs in a
savepoint of it (pytest-django's ``db``), so what a test changes is undone before the next one, and
the tests of the rest of the suite never see the demo. The ``demo`` xdist group keeps these tests
on one worker (``--dist loadgroup``), so the demo is built once per run, not once per worker.
"""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.editorial import EDITORS_GROUP
from cms.standard.models import StandardPage
from cms.videos.models import Partner, PlaylistPage, VideoPage
from community import demo as community_demo
from community.accounts.charter import CHARTER_SLUG
from community.accounts.models import CommunitySettings
from community.moderation.models import PostReport
from tests.community.helpers import (
    check_page,
    post_update_url,
    reply_url,
    topic_create_url,
    topic_url,
)
from tests.conftest import text_of

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
TopicPoll = get_model("forum_polls", "TopicPoll")
User = get_user_model()

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def counts():
    return {
        "users": User.objects.count(),
        "pages": Page.objects.count(),
        "forums": Forum.objects.count(),
        "topics": Topic.objects.count(),
        "posts": Post.objects.count(),
        "videos": VideoPage.objects.live().count(),
        "playlists": PlaylistPage.objects.live().count(),
        "partners": Partner.objects.count(),
    }


def test_load_demo_prints_the_accounts_and_a_second_run_creates_nothing(demo_site, settings):
    first = counts()
    assert first["users"] == len(community_demo.DEMO_ACCOUNTS)
    assert first["forums"] >= 10 and first["topics"] >= 5
    assert "ComCep-demo-2026" in demo_site
    # Each account with the e-mail address it signs in with, and its public handle.
    for account in community_demo.DEMO_ACCOUNTS:
        assert f"{account.email} " in demo_site and f"@{account.username} " in demo_site

    # The demo is built on setup_site: French role groups only, the editor among the "Éditeurs".
    assert "Page d’accueil : 1 créée(s)." in demo_site
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    editor = User.objects.get(username="editrice")
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS_GROUP]

    settings.DEBUG = True  # what `make demo` runs with
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == first
    assert "Page d’accueil : 0 créée(s)." in out.getvalue()


def test_demo_videos_are_complete(demo_site):
    assert VideoPage.objects.live().count() >= 15
    assert PlaylistPage.objects.live().count() == 2
    assert all(video.transcript.strip() for video in VideoPage.objects.all())
    assert all(video.player for video in VideoPage.objects.all())
    assert Partner.objects.filter(is_active=True).count() == 2


def test_demo_community_is_rich_enough_for_the_pilot_group(demo_site, client):
    assert Topic.objects.count() >= 30
    assert Post.objects.count() >= 120
    assert TopicPoll.objects.count() >= 3
    assert Topic.objects.filter(posts_count=1).count() >= 3, "some topics still unanswered"
    assert Topic.objects.filter(themes__isnull=False).distinct().count() >= 20
    assert User.objects.filter(status=User.Status.PENDING).count() >= 3
    assert PostReport.objects.filter(status=PostReport.Status.OPEN).count() == 1
    posters = User.objects.filter(posts__isnull=False).distinct()
    assert posters.values("operator").distinct().count() >= 5
    assert posters.values("region").distinct().count() >= 5
    assert Forum.objects.filter(slug="groupe-pilote", parent=None).exists()
    assert StandardPage.objects.live().filter(slug=CHARTER_SLUG).exists()
    assert CommunitySettings.load().charter_page.slug == CHARTER_SLUG

    # The sign-up form links to the charter.
    page = client.get("/comptes/inscription/").content.decode()
    assert StandardPage.objects.get(slug=CHARTER_SLUG).url in page

    # Demo accounts keep working, signed in with their e-mail address (not their handle).
    for username in ("admin", "redacteur", "editrice", "moderateur", "sophie", "julien"):
        email = User.objects.get(username=username).email
        assert client.login(request=HttpRequest(), username=email, password="ComCep-demo-2026")
        assert not client.login(
            request=HttpRequest(), username=username, password="ComCep-demo-2026"
        ), username


EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def test_no_demo_email_appears_on_any_forum_page(demo_site, client):
    emails = list(User.objects.values_list("email", flat=True))
    assert len(emails) == len(community_demo.DEMO_ACCOUNTS)

    urls = ["/", "/forum/"]
    urls += [
        reverse("forum:forum", kwargs={"slug": f.slug, "pk": f.pk}) for f in Forum.objects.all()
    ]
    urls += [topic_url(t) for t in Topic.objects.select_related("forum")]
    urls += [reverse("forum_member:profile", kwargs={"pk": user.pk}) for user in User.objects.all()]
    # The moderator is in the pilot group: every rubric, the private one included, is readable.
    client.force_login(User.objects.get(username="moderateur"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for email in emails:
            assert email not in html, f"{email} shown on {url}"
        # Handles ("@julien") are shown on purpose; nothing that looks like an address is.
        assert not EMAIL_LIKE.search(text_of(html)), url


def test_forum_pages_are_accessible(demo_site, client):
    moderator = User.objects.get(username="moderateur")
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


def demo_content_pages():
    from cms.news.models import NewsPage
    from cms.offers.models import OfferPage
    from cms.structures.models import StructurePage

    return [
        page
        for model in (OfferPage, NewsPage, StructurePage, VideoPage, PlaylistPage)
        # A member's proposal is theirs, waiting for the editor (see the test below).
        for page in model.objects.filter(member_proposal__isnull=True)
    ]


def test_demo_has_a_proposal_by_julien_in_review(demo_site, client):
    from community.contributions.models import Proposal

    proposal = Proposal.objects.get(contributor__username="julien")
    assert proposal.status == Proposal.Status.IN_REVIEW
    assert not proposal.page.live and proposal.page.owner.username == "julien"
    assert proposal.page.current_workflow_state.workflow.name == "Relecture"
    client.force_login(User.objects.get(username="editrice"))
    listing = client.get("/admin/reports/propositions-des-membres/").content.decode()
    assert proposal.page.title in listing


def test_demo_pages_are_published_by_the_named_editor(demo_site, client):
    from wagtail.models import PageLogEntry

    editor = User.objects.get(username=community_demo.DEMO_PUBLISHER)
    pages = demo_content_pages()
    assert len(pages) >= 60
    assert {page.owner_id for page in pages} == {editor.pk}
    assert {page.latest_revision.user_id for page in pages} == {editor.pk}
    publications = PageLogEntry.objects.filter(
        action="wagtail.publish", page__in=[page.pk for page in pages]
    )
    assert publications.count() == len(pages)
    assert set(publications.values_list("user", flat=True)) == {editor.pk}

    # The "aging pages" report names her (its first page: the oldest, back-dated demo pages).
    client.force_login(editor)
    report = text_of(client.get("/admin/reports/aging-pages/").content.decode())
    assert report.count(f" {editor.get_username()} ") >= 20
    assert "None" not in report


def test_demo_review_workflow_runs_between_a_writer_and_the_editor(demo_site, client):
    from cms.offers.models import OfferPage

    writer = User.objects.get(username="redacteur")
    editor = User.objects.get(username="editrice")
    assert list(writer.groups.values_list("name", flat=True)) == [community_demo.WRITERS_GROUP]
    assert client.login(request=HttpRequest(), username=writer.email, password="ComCep-demo-2026")
    assert client.get("/admin/").status_code == 200

    offer = OfferPage.objects.live().first()
    assert offer.permissions_for_user(writer).can_edit()
    assert not offer.permissions_for_user(writer).can_publish()

    # The writer submits a change to "Relecture"; only the editor may approve it.
    offer.title = "Offre relue par l’éditrice"
    revision = offer.save_revision(user=writer)
    workflow = offer.get_workflow()
    assert workflow.name == "Relecture"
    state = workflow.start(offer, writer)
    task = state.current_task_state.task.specific
    assert not task.get_actions(offer, writer)
    assert "approve" in [name for name, *_rest in task.get_actions(offer, editor)]

    state.current_task_state.approve(user=editor)
    offer.refresh_from_db()
    assert offer.title == "Offre relue par l’éditrice" and offer.live_revision == revision


def test_demo_administrator_manages_partners_and_rubrics_and_nothing_else(demo_site, client):
    admin_user = User.objects.get(username="admin")
    assert admin_user.is_staff and not admin_user.is_superuser
    assert client.login(
        request=HttpRequest(), username=admin_user.email, password="ComCep-demo-2026"
    )

    partners = client.get("/admin/snippets/videos/partner/")
    assert partners.status_code == 200
    assert Partner.objects.first().name in partners.content.decode()
    assert client.get("/admin/snippets/videos/partner/add/").status_code == 200
    rubrics = client.get("/django-admin/forum/forum/")
    assert rubrics.status_code == 200
    assert "Accueil et posture" in rubrics.content.decode()
    assert client.get("/django-admin/forum/forum/add/").status_code == 200

    # No pages, no accounts.
    offer_edit = client.get(f"/admin/pages/{demo_content_pages()[0].pk}/edit/")
    assert offer_edit.status_code in (302, 403)
    assert client.get("/django-admin/accounts/user/").status_code == 403


def test_demo_addresses_are_ascii(demo_site):
    slugs = [
        *Forum.objects.values_list("slug", flat=True),
        *Topic.objects.values_list("slug", flat=True),
        *Page.objects.values_list("slug", flat=True),
    ]
    assert len(slugs) > 100
    assert [slug for slug in slugs if not slug.isascii()] == []
    assert Topic.objects.filter(slug="etre-prevenu-des-reponses-par-courriel").exists()


def test_demo_topics_have_validated_answers_and_consistent_answer_times(demo_site, client):
    from community.forum_conversation.answers import first_reply_at_of

    resolved = Topic.objects.filter(validated_post__isnull=False).select_related("validated_post")
    assert resolved.count() >= 6
    for topic in resolved:
        post = topic.validated_post
        assert post.topic_id == topic.pk and post.poster_id != topic.poster_id
        assert post.approved and not post.is_hidden
    answer_times = []
    for topic in Topic.objects.all():
        assert topic.first_reply_at == first_reply_at_of(topic), topic.subject
        if topic.first_reply_at:
            answer_times.append(topic.first_reply_at - topic.created)
    # Answers came hours to days after the question, not in the same second.
    assert len(answer_times) >= 20
    assert all(delay.total_seconds() >= 3600 for delay in answer_times)
    assert Topic.objects.filter(first_reply_at__isnull=True, approved=True).count() >= 3
    html = client.get("/forum/sujets/?filtre=resolus").content.decode()
    assert "Personnes sans accès au numérique" in html


def test_in_the_demo_a_vae_news_item_flags_both_vae_offers(
    demo_site, admin_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from cms.news.models import NewsIndexPage, NewsPage
    from cms.offers.models import OfferPage
    from cms.taxonomies.models import Scheme

    # The demo's own news items are history: they flag nothing.
    assert not OfferPage.objects.flagged().exists()
    before = OfferPage.objects.live().to_verify().count()
    vae = Scheme.objects.get(slug="vae")
    live_vae_offers = set(OfferPage.objects.live().filter(schemes=vae))

    news = NewsPage(title="VAE : nouveau décret", summary="Le décret change la VAE.")
    news.schemes = [vae]
    NewsIndexPage.objects.get().add_child(instance=news)
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision().publish()

    assert set(OfferPage.objects.flagged()) == live_vae_offers
    assert len(live_vae_offers) == 2
    after = OfferPage.objects.live().to_verify().count()
    report = text_of(admin_client.get(reverse("stale_offers")).content.decode())
    assert report.count("À revérifier suite à l’actualité « VAE : nouveau décret »") == 2
    # Both demo offers belong to the same editor: one e-mail.
    assert len(mail.outbox) == 1
    print(f"Contenus à vérifier: {before} before, {after} after")


def test_demo_community_dashboard_has_figures_in_every_chart(demo_site, client):
    client.force_login(User.objects.get(username="moderateur"))
    html = client.get("/admin/communaute/tableau-de-bord/").content.decode()
    # Ten charts, each drawn for a wide and for a narrow column.
    assert html.count('steering-chart__figure--wide"><svg role="img"') == 10
    assert html.count('steering-chart__figure--narrow"><svg role="img"') == 10
    assert "Aucune donnée pour cette période." not in html
    # Demo topics carry answer times, and some questions still wait.
    assert Topic.objects.filter(first_reply_at__isnull=False).count() >= 20
    assert "sans réponse depuis plus de 48" in html
