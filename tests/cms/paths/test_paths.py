"""Development paths: editors compose steps from videos, fiches, tools and forum discussions; a
member starts a path, marks steps done and finds their progress in "Mes parcours"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cms.paths.models import PathIndexPage, PathPage, PathStep, StepCompletion
from cms.toolbox.models import ToolPage
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community import conftest as community_fixtures
from tests.conftest import PASSWORD, page_queries, text_of
from tests.factories import MemberFactory, TopicFactory

pilot_rubric = community_fixtures.pilot_rubric


@pytest.fixture
def paths_index(portal):
    index, created = PathIndexPage.ensure_under(portal)
    assert created and index.url == "/parcours/"
    return index


@pytest.fixture
def make_path(paths_index):
    def make(title, pieces):
        """A published path with one step per piece (a page or a topic)."""
        path = PathPage(title=title, introduction=f"Ce qu’enseigne « {title} ».")
        path.steps = [
            PathStep(
                title=f"Étape {n}",
                text=f"Ce qu’il faut retenir de l’étape {n}.",
                sort_order=n,
                page=None if hasattr(piece, "forum_id") else piece,
                topic=piece if hasattr(piece, "forum_id") else None,
            )
            for n, piece in enumerate(pieces, start=1)
        ]
        paths_index.add_child(instance=path)
        path.save_revision().publish()
        return path

    return make


@pytest.fixture
def five_steps(make_path, make_video, make_offer, make_tool, make_member, rubric):
    author = make_member("claire", "Claire D. (Mission locale)")
    topic = TopicFactory(
        forum=rubric, poster=author, subject="Quand la personne attend qu’on décide à sa place"
    )
    pieces = [
        make_video("Écouter sans conseiller trop vite"),
        make_offer("Se former à l’entretien motivationnel"),
        make_tool("La Bonne Formation"),
        topic,
        make_offer("Remise à niveau en français et mathématiques"),
    ]
    return make_path("Adopter une posture d’écoute", pieces)


def sign_in(client, member):
    response = client.post(
        reverse("accounts:login"), {"username": member.email, "password": PASSWORD}
    )
    assert response.status_code == 302


def mark(client, step, done=True):
    return client.post(reverse("paths:step", args=[step.pk]), {"done": "1" if done else "0"})


def test_julien_completes_three_of_five_steps_and_his_progress_survives_signing_out(
    client, five_steps, make_member
):
    julien = make_member("julien", "Julien R. (Apec)")
    steps = list(five_steps.steps.order_by("sort_order"))
    sign_in(client, julien)
    response = client.post(reverse("paths:start", args=[five_steps.pk]))
    assert response.status_code == 302 and response.url == five_steps.url
    for step in steps[:3]:
        response = mark(client, step)
        assert response.status_code == 302
        assert response.url == f"{five_steps.url}#etape-{step.pk}"

    text = text_of(client.get(five_steps.url).content.decode())
    assert "Étapes faites : 3 sur 5" in text
    assert "60 %" in text
    assert text.count("Marquer comme non faite") == 3
    assert text.count("Marquer comme faite") == 2

    assert client.post(reverse("accounts:logout")).status_code == 302
    text = text_of(client.get(five_steps.url).content.decode())
    assert "Se connecter pour suivre ce parcours" in text and "60 %" not in text

    sign_in(client, julien)
    text = text_of(client.get(five_steps.url).content.decode())
    assert "Étapes faites : 3 sur 5" in text and "60 %" in text
    mine = text_of(client.get(reverse("paths:mine")).content.decode())
    assert "Adopter une posture d’écoute" in mine
    assert "Étapes faites : 3 sur 5" in mine and "60 %" in mine

    # Undone, then done again: still one row per step.
    mark(client, steps[0], done=False)
    assert "40 %" in text_of(client.get(five_steps.url).content.decode())
    mark(client, steps[0])
    mark(client, steps[0])
    assert StepCompletion.objects.filter(member=julien).count() == 3


def test_the_page_says_what_each_step_points_to(client, five_steps):
    html = client.get(five_steps.url).content.decode()
    text = text_of(html)
    assert "Étape 1 : Étape 1" in text
    for kind, title in (
        ("Vidéo", "Écouter sans conseiller trop vite"),
        ("Fiche", "Se former à l’entretien motivationnel"),
        ("Outil", "La Bonne Formation"),
        ("Discussion du forum", "Quand la personne attend qu’on décide à sa place"),
    ):
        assert f"{kind} — {title}" in text
    assert "<progress" not in html  # anonymous: nothing to track


def test_anonymous_cannot_start_a_path_nor_mark_a_step(client, five_steps):
    step = five_steps.steps.first()
    for url in (
        reverse("paths:step", args=[step.pk]),
        reverse("paths:start", args=[five_steps.pk]),
        reverse("paths:mine"),
    ):
        response = client.post(url, {"done": "1"})
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login") + "?next=")
    assert not StepCompletion.objects.exists()


def test_a_pending_member_cannot_follow_a_path(client, five_steps, make_member):
    pending = MemberFactory(username="ines", pending=True)
    client.force_login(pending)
    assert mark(client, five_steps.steps.first()).status_code == 403
    assert not StepCompletion.objects.exists()


def test_another_members_progress_is_never_shown(client, five_steps, make_member):
    sophie = make_member()
    julien = make_member("julien", "Julien R. (Apec)")
    client.force_login(sophie)
    for step in five_steps.steps.all()[:4]:
        mark(client, step)
    client.force_login(julien)
    text = text_of(client.get(five_steps.url).content.decode())
    assert "Étapes faites : 0 sur 5" in text and " 0 %" in text
    assert "Marquer comme non faite" not in text
    mine = text_of(client.get(reverse("paths:mine")).content.decode())
    assert "Vous n’avez commencé aucun parcours" in mine
    assert "Adopter une posture d’écoute" not in mine


def test_a_discussion_the_member_cannot_read_is_unavailable(
    client, make_path, make_member, pilot_rubric, rubric
):
    author = make_member("claire", "Claire D. (Mission locale)")
    secret = TopicFactory(forum=pilot_rubric, poster=author, subject="Sujet confidentiel du pilote")
    hidden = TopicFactory(
        forum=rubric, poster=author, subject="Sujet en attente de validation", pending=True
    )
    path = make_path("Parcours avec le pilote", [secret, hidden])
    step = path.steps.order_by("sort_order").first()

    julien = make_member("julien", "Julien R. (Apec)")
    client.force_login(julien)
    text = text_of(client.get(path.url).content.decode())
    assert "Sujet confidentiel du pilote" not in text
    assert "Sujet en attente de validation" not in text
    assert text.count("Cette ressource ne vous est pas accessible") == 2
    assert mark(client, step).status_code == 404
    assert not StepCompletion.objects.exists()

    nadia = MemberFactory(username="nadia", pilot=True)
    client.force_login(nadia)
    text = text_of(client.get(path.url).content.decode())
    assert "Discussion du forum — Sujet confidentiel du pilote" in text
    assert mark(client, step).status_code == 302


def test_an_unpublished_page_is_unavailable(client, make_path, make_offer, make_member):
    offer = make_offer("Fiche retirée")
    path = make_path("Parcours court", [offer])
    offer.unpublish()
    client.force_login(make_member("julien", "Julien R. (Apec)"))
    text = text_of(client.get(path.url).content.decode())
    assert "Fiche retirée" not in text
    assert "Cette ressource ne vous est pas accessible" in text
    assert mark(client, path.steps.first()).status_code == 404


def test_a_step_points_to_a_page_or_a_discussion_not_both(five_steps):
    step = PathStep(path=five_steps, title="Vide", text="Rien.")
    with pytest.raises(ValidationError, match="soit une page"):
        step.clean()


def test_a_tool_shows_the_path_steps_that_teach_it(client, five_steps):
    tool = ToolPage.objects.get(title="La Bonne Formation")
    text = text_of(client.get(tool.url).content.decode())
    assert "Apprendre à s’en servir : étapes de parcours" in text
    assert "Étape 3 — parcours « Adopter une posture d’écoute »" in text


def test_the_index_lists_the_paths_with_their_number_of_steps(client, five_steps):
    text = text_of(client.get("/parcours/").content.decode())
    assert "Adopter une posture d’écoute" in text and "5 étapes" in text


def test_path_pages_cost_the_same_whatever_the_data(
    client, make_path, make_video, make_offer, make_tool, make_member, rubric, pilot_rubric
):
    julien = make_member("julien", "Julien R. (Apec)")
    client.force_login(julien)

    def pieces(n):
        made = []
        for i in range(n):
            made += [
                make_video(f"Capsule {n}-{i}"),
                make_offer(f"Fiche {n}-{i}"),
                make_tool(f"Outil {n}-{i}"),
                TopicFactory(forum=rubric, poster=julien, subject=f"Sujet {n}-{i}"),
                TopicFactory(forum=pilot_rubric, poster=julien, subject=f"Pilote {n}-{i}"),
            ]
        return made

    small = make_path("Petit parcours", pieces(1))
    for step in small.steps.all()[:2]:
        mark(client, step)
    small_page, _ = page_queries(client, small.url)
    small_mine, _ = page_queries(client, reverse("paths:mine"))

    large = make_path("Grand parcours", pieces(4))
    for step in large.steps.all()[:9]:
        mark(client, step)
    large_page, response = page_queries(client, large.url)
    assert "Étapes faites : 8 sur 20" in text_of(response.content.decode())
    large_mine, response = page_queries(client, reverse("paths:mine"))
    assert "Grand parcours" in text_of(response.content.decode())
    assert (small_page, small_mine) == (large_page, large_mine)


def admin_add(client, parent, steps):
    """POST the admin's "add a path" form with ``steps`` (dicts of the step form's fields)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    url = reverse("wagtailadmin_pages:add", args=["paths", "pathpage", parent.pk])
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Parcours créé dans l’administration",
            "slug": "parcours-admin",
            "introduction": "Écouter avant de conseiller.",
            "duration": "1 heure",
            "steps": inline_formset(steps),
            "action-publish": "action-publish",
        }
    )
    return client.post(url, data)


def test_an_editor_composes_a_path_in_the_admin(
    admin_client, paths_index, make_video, make_member, rubric
):
    video = make_video("Écouter sans conseiller trop vite")
    topic = TopicFactory(forum=rubric, poster=make_member(), subject="Rester neutre")
    response = admin_add(
        admin_client,
        paths_index,
        [{"title": "Une étape vide", "text": "Rien à voir.", "page": "", "topic": ""}],
    )
    assert response.status_code == 200
    assert "Choisissez soit une page" in response.content.decode()
    assert not PathPage.objects.exists()

    response = admin_add(
        admin_client,
        paths_index,
        [
            {"title": "Regarder", "text": "La vidéo.", "page": video.pk, "topic": ""},
            {"title": "Lire", "text": "La discussion.", "page": "", "topic": topic.pk},
        ],
    )
    assert response.status_code == 302
    path = PathPage.objects.get(slug="parcours-admin")
    assert path.live
    assert [(s.page_id, s.topic_id) for s in path.steps.order_by("sort_order")] == [
        (video.pk, None),
        (None, topic.pk),
    ]


def test_an_unsaved_path_previews_with_its_steps(rf, make_video, make_member):
    from cms.paths.progress import member_progress, path_steps

    video = make_video("Écouter sans conseiller trop vite")
    path = PathPage(title="Brouillon", introduction="Aperçu.")
    path.steps = [PathStep(title="Regarder", text="La vidéo.", page=video, sort_order=1)]
    request = rf.get("/")
    request.user = make_member("editrice", "Éditrice")
    lines = path_steps(request, path)
    progress = member_progress(request, path.pk, len(lines))
    assert (progress.total, progress.done, lines[0].title) == (1, 0, video.title)


def test_with_the_page_caches_on_each_member_sees_their_own_progress_at_once(
    five_steps, make_member
):
    """Path pages are served to members from the members' page cache: the progress is a member
    part, so a step marked done shows at its author's next request, and never to another."""
    from django.test import Client

    from cms.performance.membercache import HEADER
    from tests.cms.performance.page_cache_support import page_caches_on

    julien, sophie = make_member("julien", "Julien R."), make_member("sophie", "Sophie M.")
    clients = {}
    for member in (julien, sophie):
        clients[member.username] = Client()
        clients[member.username].force_login(member)
    step = five_steps.steps.order_by("sort_order").first()
    with page_caches_on("comcep-test-paths"):
        for client in clients.values():
            client.get(five_steps.url)
            assert client.get(five_steps.url)[HEADER] == "hit"
        assert mark(clients["julien"], step).status_code == 302

        response = clients["julien"].get(five_steps.url)
        assert response[HEADER] == "hit"  # the shared text did not change: only his part
        html = response.content.decode()
        assert f'id="etape-{step.pk}" class="path-step path-step--done"' in html
        assert "Étapes faites : 1 sur 5" in text_of(html) and "Marquer comme non faite" in html

        response = clients["sophie"].get(five_steps.url)
        assert response[HEADER] == "hit"
        text = text_of(response.content.decode())
        assert "Étapes faites : 0 sur 5" in text and "Marquer comme non faite" not in text
        assert "path-step--done" not in response.content.decode()
