"""Who knows what, and asking the people who know: the directory, "Solliciter un expert",
assignment, "Questions qui m'attendent", the référents' unanswered alert."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from cms.taxonomies.models import Audience, Operator, Region, Theme
from community.experts.models import Expertise, Referent, Routing
from community.notifications.models import Notification
from tests.community.helpers import topic_url
from tests.conftest import page_queries, text_of
from tests.factories import MemberFactory, RubricFactory, TopicFactory

Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

DIRECTORY = "/annuaire/"
WAITING = "/forum/questions-qui-m-attendent/"


@pytest.fixture
def lists(db):
    vae = Theme.objects.create(name="VAE", sort_order=1)
    creation = Theme.objects.create(name="Création d’entreprise", sort_order=2)
    youth = Audience.objects.create(name="Jeunes de 16 à 25 ans")
    apec = Operator.objects.create(name="Apec")
    missions = Operator.objects.create(name="Missions locales")
    idf = Region.objects.create(name="Île-de-France", code="11")
    occitanie = Region.objects.create(name="Occitanie", code="76")
    return {
        "vae": vae,
        "creation": creation,
        "youth": youth,
        "apec": apec,
        "missions": missions,
        "idf": idf,
        "occitanie": occitanie,
    }


def declare(member, themes=(), audiences=(), **fields):
    expertise, _ = Expertise.objects.update_or_create(user=member, defaults=fields)
    expertise.themes.set(themes)
    expertise.audiences.set(audiences)
    return expertise


def request_url(topic):
    return reverse("experts:request_help", args=[topic.pk])


def assign_url(topic):
    return reverse("experts:assign", args=[topic.pk])


# The directory -------------------------------------------------------------------------------


def test_anonymous_and_pending_visitors_cannot_open_the_directory(client, portal):
    response = client.get(DIRECTORY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(MemberFactory(username="ines", pending=True))
    assert client.get(DIRECTORY).status_code == 403


def test_directory_lists_only_opted_in_members_and_only_the_fields_they_chose(
    client, portal, lists
):
    amina = MemberFactory(
        username="amina",
        display_name="Amina D. (Mission locale)",
        operator=lists["missions"],
        region=lists["occitanie"],
        structure="Mission locale de Toulouse",
        job="Conseillère d’insertion",
    )
    declare(
        amina,
        [lists["creation"]],
        [lists["youth"]],
        in_directory=True,
        show_region=False,
        show_structure=False,
    )
    hidden = MemberFactory(
        username="julien", display_name="Julien L. (Apec)", operator=lists["apec"]
    )
    declare(hidden, [lists["vae"]], in_directory=False)
    reader = MemberFactory(username="sophie", display_name="Sophie M.")
    client.force_login(reader)

    page = text_of(client.get(DIRECTORY).content.decode())
    assert "Annuaire des membres" in page
    assert "Amina D. (Mission locale)" in page
    assert "Missions locales" in page and "Conseillère d’insertion" in page
    assert "Création d’entreprise" in page and "Jeunes de 16 à 25 ans" in page
    # What amina hid is neither shown nor usable to find her.
    assert "Mission locale de Toulouse" not in page
    assert "Occitanie" not in page.split("Filtres")[-1].split("Amina")[-1]
    assert "Julien L." not in page
    assert "1 membre" in page

    by_region = text_of(
        client.get(f"{DIRECTORY}?region={lists['occitanie'].slug}").content.decode()
    )
    assert "Amina D." not in by_region
    by_structure = text_of(client.get(f"{DIRECTORY}?q=Toulouse").content.decode())
    assert "Amina D." not in by_structure
    by_operator = text_of(
        client.get(f"{DIRECTORY}?operator={lists['missions'].slug}").content.decode()
    )
    assert "Amina D." in by_operator
    by_theme = text_of(client.get(f"{DIRECTORY}?theme={lists['vae'].slug}").content.decode())
    assert "Amina D." not in by_theme and "Julien L." not in by_theme
    # An unknown value is ignored with a message, never a 500.
    response = client.get(f"{DIRECTORY}?theme=inconnu")
    assert response.status_code == 200
    assert "ignoré" in text_of(response.content.decode())


def test_a_member_declares_themes_and_opts_in_from_their_help_profile(client, portal, lists):
    julien = MemberFactory(username="julien", display_name="Julien L. (Apec)")
    client.force_login(julien)
    url = reverse("experts:expertise")
    page = client.get(url)
    assert page.status_code == 200
    assert "Mon profil d’entraide" in text_of(page.content.decode())
    response = client.post(
        url,
        {
            "themes": [lists["vae"].pk],
            "audiences": [lists["youth"].pk],
            "accepts_requests": "on",
            "in_directory": "on",
            "show_operator": "on",
            "show_themes": "on",
        },
    )
    assert response.status_code == 302
    expertise = Expertise.objects.get(user=julien)
    assert list(expertise.themes.all()) == [lists["vae"]]
    assert expertise.in_directory and not expertise.show_region and not expertise.show_audiences
    # His public profile shows his themes to members, not his publics (hidden).
    client.force_login(MemberFactory(username="sophie"))
    profile = text_of(
        client.get(reverse("forum_member:profile", args=[julien.pk])).content.decode()
    )
    assert "Peut aider sur VAE" in profile
    assert "Jeunes de 16 à 25 ans" not in profile


def add_directory_members(lists, start, number):
    for index in range(start, start + number):
        member = MemberFactory(
            username=f"membre{index}",
            display_name=f"Membre {index}",
            operator=lists["apec"],
            region=lists["idf"],
        )
        declare(member, [lists["vae"], lists["creation"]], [lists["youth"]], in_directory=True)
        Referent.objects.create(user=member, theme=lists["vae"])


def test_directory_query_count_does_not_grow_with_members(client, portal, lists):
    client.force_login(MemberFactory(username="sophie"))
    add_directory_members(lists, 0, 3)
    url = f"{DIRECTORY}?theme={lists['vae'].slug}"
    small, response = page_queries(client, url)
    assert "Membre 2" in text_of(response.content.decode())
    add_directory_members(lists, 3, 20)
    large, response = page_queries(client, url)
    assert "23 membres" in text_of(response.content.decode())
    assert small == large


# Asking the people who know ------------------------------------------------------------------


@pytest.fixture
def forum(portal, lists):
    rubric = RubricFactory(name="Formation")
    sophie = MemberFactory(username="sophie", display_name="Sophie M. (France Travail)")
    julien = MemberFactory(username="julien", display_name="Julien L. (Apec)")
    referent = MemberFactory(username="lea", display_name="Léa R.")
    answerer = MemberFactory(username="marc", display_name="Marc T.")
    moderator = MemberFactory(username="karim", display_name="Karim B.", moderator=True)
    Referent.objects.create(user=referent, theme=lists["vae"])
    declare(julien, [lists["vae"]])
    # marc's validated answer on another VAE question.
    TopicFactory(
        forum=rubric,
        poster=sophie,
        subject="Jury VAE",
        themes=[lists["vae"]],
        with_validated_answer="Voici la démarche",
        with_validated_answer__poster=answerer,
    )
    question = TopicFactory(forum=rubric, poster=sophie, subject="VAE et CPF ensemble ?")
    question.themes.add(lists["vae"])
    return {
        "rubric": rubric,
        "sophie": sophie,
        "julien": julien,
        "referent": referent,
        "answerer": answerer,
        "moderator": moderator,
        "question": question,
    }


def test_suggestions_put_referents_first_then_declared_then_validated_answers(client, forum):
    client.force_login(forum["sophie"])
    page = client.get(request_url(forum["question"]))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert text.index("Léa R.") < text.index("Julien L. (Apec)") < text.index("Marc T.")
    assert "Référent·e pour VAE" in text
    assert "Peut aider sur VAE" in text
    assert "réponse(s) validée(s)" in text


def test_the_author_asks_julien_who_is_notified_once_and_shown_on_the_topic(
    client, forum, django_capture_on_commit_callbacks
):
    julien, question = forum["julien"], forum["question"]
    client.force_login(forum["sophie"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(question), {"members": [julien.pk]})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=julien, kind="expert_request").count() == 1
    messages = [m for m in mail.outbox if m.to == [julien.email]]
    assert len(messages) == 1
    assert "sollicite votre aide" in messages[0].body
    page = text_of(client.get(topic_url(question)).content.decode())
    assert "Question transmise à Julien L. (Apec)" in page
    # Asked once: he is no longer suggested.
    assert (
        "Julien L."
        not in text_of(client.get(request_url(question)).content.decode())
        .split("Déjà transmise à")[-1]
        .split("Membres qui pourraient répondre")[-1]
    )


def test_at_most_three_members_at_once_and_a_cap_per_question(client, forum, lists, settings):
    extra = [MemberFactory(username=f"expert{i}", display_name=f"Expert {i}") for i in range(3)]
    for member in extra:
        declare(member, [lists["vae"]])
    question = forum["question"]
    client.force_login(forum["sophie"])
    four = [forum["julien"].pk, *(member.pk for member in extra)]
    response = client.post(request_url(question), {"members": four})
    assert response.status_code == 200
    assert "Choisissez au plus 3 membres." in text_of(response.content.decode())
    assert not Routing.objects.exists()

    settings.COMCEP_EXPERT_REQUESTS_PER_TOPIC = 3
    assert client.post(request_url(question), {"members": four[:3]}).status_code == 302
    response = client.post(request_url(question), {"members": [extra[2].pk]})
    assert response.status_code == 200
    assert Routing.objects.count() == 3


def test_only_the_author_and_moderators_may_ask_and_only_moderators_assign(client, forum):
    question = forum["question"]
    client.force_login(forum["julien"])
    assert client.get(request_url(question)).status_code == 403
    assert (
        client.post(request_url(question), {"members": [forum["referent"].pk]}).status_code == 403
    )
    assert client.get(assign_url(question)).status_code == 403
    client.force_login(forum["sophie"])
    assert client.get(assign_url(question)).status_code == 403
    client.force_login(forum["moderator"])
    assert client.get(request_url(question)).status_code == 200
    assert client.get(assign_url(question)).status_code == 200
    client.logout()
    response = client.get(request_url(question))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not Routing.objects.exists()


def test_a_pilot_question_is_never_routed_to_a_non_member(client, portal, lists):
    pilot = RubricFactory(pilot=True)
    nadia = MemberFactory(username="nadia", display_name="Nadia R.", pilot=True)
    outsider = MemberFactory(username="julien", display_name="Julien L. (Apec)")
    insider = MemberFactory(username="paul", display_name="Paul P.", pilot=True)
    pilot_moderator = MemberFactory(username="lea", display_name="Léa M.", pilot_moderator=True)
    Referent.objects.create(user=outsider, theme=lists["vae"])
    declare(outsider, [lists["vae"]])
    declare(insider, [lists["vae"]])
    question = TopicFactory(forum=pilot, poster=nadia, subject="Retour bêta sur la VAE")
    question.themes.add(lists["vae"])

    client.force_login(nadia)
    page = text_of(client.get(request_url(question)).content.decode())
    assert "Paul P." in page and "Julien L." not in page
    response = client.post(request_url(question), {"members": [outsider.pk]})
    assert response.status_code == 200
    client.force_login(pilot_moderator)
    response = client.post(assign_url(question), {"handle": "@julien"})
    assert response.status_code == 200
    assert "ne peut pas" in text_of(response.content.decode())
    assert not Routing.objects.filter(member=outsider).exists()
    assert not Notification.objects.filter(recipient=outsider).exists()
    # The outsider's list of waiting questions stays empty, even with a routing row forced in.
    Routing.objects.create(topic=question, member=outsider, kind=Routing.Kind.REQUEST)
    client.force_login(outsider)
    assert "Retour bêta" not in text_of(client.get(WAITING).content.decode())


def test_a_moderator_assigns_the_question_which_comes_back_unanswered_after_the_delay(
    client, forum, settings
):
    amina = MemberFactory(username="amina", display_name="Amina D. (Mission locale)")
    question = forum["question"]
    client.force_login(forum["moderator"])
    response = client.post(assign_url(question), {"handle": "@amina"})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=amina, kind="question_assigned").count() == 1
    assert "Pris en charge par Amina D." in text_of(
        client.get(topic_url(question)).content.decode()
    )

    client.force_login(amina)
    waiting = text_of(client.get(WAITING).content.decode())
    assert "VAE et CPF ensemble ?" in waiting and "Vous est confiée" in waiting

    # Still unanswered after the delay: back with the moderators of the rubric.
    settings.COMCEP_ASSIGNMENT_DELAY_HOURS = 24
    Routing.objects.update(created=timezone.now() - timedelta(hours=25))
    call_command("alert_unanswered")
    routing = Routing.objects.get(kind="assignment")
    assert routing.ended_at is not None
    told = Notification.objects.filter(kind="assignment_returned")
    assert list(told.values_list("recipient__username", flat=True)) == ["karim"]
    assert "Pris en charge" not in text_of(client.get(topic_url(question)).content.decode())
    assert "VAE et CPF ensemble ?" not in text_of(client.get(WAITING).content.decode())


def test_an_answered_assignment_does_not_come_back(client, forum, settings):
    amina = MemberFactory(username="amina", display_name="Amina D.")
    question = forum["question"]
    Routing.objects.create(topic=question, member=amina, kind=Routing.Kind.ASSIGNMENT)
    Post.objects.create(topic=question, poster=amina, content="Oui, c’est possible.")
    Routing.objects.update(created=timezone.now() - timedelta(days=10))
    call_command("alert_unanswered")
    assert Routing.objects.get().ended_at is None
    client.force_login(amina)
    assert "VAE et CPF" not in text_of(client.get(WAITING).content.decode())


def add_waiting(member, rubric, poster, lists, start, number):
    for index in range(start, start + number):
        topic = TopicFactory(forum=rubric, poster=poster, subject=f"Question {index}")
        topic.themes.add(lists["vae"])
        Routing.objects.create(topic=topic, member=member, kind=Routing.Kind.REQUEST)


def test_waiting_questions_query_count_does_not_grow(client, forum, lists):
    julien = forum["julien"]
    client.force_login(julien)
    add_waiting(julien, forum["rubric"], forum["sophie"], lists, 0, 2)
    small, response = page_queries(client, WAITING)
    assert "Question 1" in text_of(response.content.decode())
    add_waiting(julien, forum["rubric"], forum["sophie"], lists, 2, 15)
    large, response = page_queries(client, WAITING)
    assert "17 questions" in text_of(response.content.decode())
    assert small == large


def test_the_unanswered_alert_reaches_the_referents_of_the_themes(forum, lists):
    Topic.objects.filter(pk=forum["question"].pk).update(
        created=timezone.now() - timedelta(hours=50)
    )
    mail.outbox.clear()
    call_command("alert_unanswered")
    to_referent = [m for m in mail.outbox if m.to == [forum["referent"].email]]
    assert len(to_referent) == 1
    assert "VAE et CPF ensemble ?" in to_referent[0].body
    assert "vos thématiques" in to_referent[0].body
    assert re.search("référent", to_referent[0].body)
    # A member who only declared the theme is not alerted.
    assert not [m for m in mail.outbox if m.to == [forum["julien"].email]]


def test_moderators_appoint_and_remove_referents(client, forum, lists):
    url = reverse("experts:referents")
    client.force_login(forum["julien"])
    assert client.get(url).status_code == 403
    client.force_login(forum["moderator"])
    response = client.post(url, {"handle": "@julien", "theme": lists["creation"].pk})
    assert response.status_code == 302
    referent = Referent.objects.get(user=forum["julien"])
    assert referent.theme == lists["creation"] and referent.appointed_by == forum["moderator"]
    response = client.post(url, {"handle": "@julien"})
    assert "Choisissez une thématique ou un opérateur." in text_of(response.content.decode())
    client.post(reverse("experts:remove_referent", args=[referent.pk]))
    assert not Referent.objects.filter(user=forum["julien"]).exists()


def test_asking_for_experts_is_rate_limited_per_member(client, forum, lists, settings):
    settings.COMCEP_RATE_LIMITS = {**settings.COMCEP_RATE_LIMITS, "expert_request": "1/h"}
    other = TopicFactory(forum=forum["rubric"], poster=forum["sophie"], subject="Autre VAE")
    other.themes.add(lists["vae"])
    client.force_login(forum["sophie"])
    response = client.post(request_url(forum["question"]), {"members": [forum["julien"].pk]})
    assert response.status_code == 302
    response = client.post(request_url(other), {"members": [forum["julien"].pk]})
    assert response.status_code == 429
    assert Routing.objects.count() == 1
