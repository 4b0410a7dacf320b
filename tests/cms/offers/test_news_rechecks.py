"""A news item flags the offers it changes, re-verifying clears the flag, followers hear of
updates."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.news.models import NewsPage
from cms.offers.freshness import months_before
from cms.offers.models import OfferPage, OfferRecheck, PageFollow
from cms.taxonomies.models import Scheme
from tests.conftest import page_queries, text_of
from tests.factories import MemberFactory

TODAY = timezone.localdate()
NEWS_TITLE = "VAE : nouveau décret"
REASON = f"À revérifier suite à l’actualité « {NEWS_TITLE} »"


@pytest.fixture
def owners(db):
    make = get_user_model().objects.create_user
    return {
        "claire": make(
            "claire", "claire@centre-inffo.example", "x", first_name="Claire",
            last_name="Dubois", is_staff=True,
        ),
        "paul": make(
            "paul", "paul@carif-oref.example", "x", first_name="Paul", last_name="Morel",
            is_staff=True,
        ),
    }  # fmt: skip


@pytest.fixture
def scheme_offer(make_offer, owners):
    def make(title, scheme, owner="claire", months=2, **extra):
        offer = make_offer(
            title, verified_on=months_before(TODAY, months), owner_editor=owners[owner], **extra
        )
        offer.schemes = [Scheme.objects.get(slug=scheme)]
        offer.save()
        return offer

    return make


@pytest.fixture
def vae_catalogue(scheme_offer):
    """Three live VAE offers (two for Claire, one for Paul), a VAE draft and a CPF offer."""
    return {
        "relais": scheme_offer("Point relais conseil VAE", "vae"),
        "aide": scheme_offer("Aide régionale à la VAE", "vae", months=14),
        "cadres": scheme_offer("VAE pour les cadres", "vae", owner="paul"),
        "draft": scheme_offer("VAE brouillon", "vae", publish=False),
        "cpf": scheme_offer("Compte personnel de formation", "cpf", owner="paul"),
    }


def publish_news(news_index, title=NEWS_TITLE, schemes=("vae",), **fields):
    fields.setdefault("date", TODAY)
    news = NewsPage(title=title, summary=f"Résumé : {title}.", **fields)
    news.schemes = list(Scheme.objects.filter(slug__in=schemes))
    news_index.add_child(instance=news)
    news.save_revision().publish()
    return news


def republish(page, **changes):
    page = page.specific_class.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_publishing_a_vae_news_item_flags_exactly_the_live_vae_offers(
    vae_catalogue, news_index, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        news = publish_news(news_index)

    flagged = set(OfferPage.objects.flagged().values_list("title", flat=True))
    assert flagged == {"Point relais conseil VAE", "Aide régionale à la VAE", "VAE pour les cadres"}
    assert len(flagged) == 3

    # "Contenus à vérifier" lists them with the news item as the reason.
    page = admin_client.get(reverse("stale_offers"))
    soup = BeautifulSoup(page.content, "html.parser")
    rows = {
        row.select_one("td a").get_text(): text_of(str(row))
        for row in soup.select("table.listing tbody tr")
    }
    for title in flagged:
        assert REASON in rows[title]
    assert "Compte personnel de formation" not in rows and "VAE brouillon" not in rows
    # The stale one says both reasons.
    assert "Vérification trop ancienne ou validité dépassée" in rows["Aide régionale à la VAE"]
    link = soup.find("a", string=NEWS_TITLE)
    assert link["href"] == reverse("wagtailadmin_pages:edit", args=[news.pk])

    # Each editor is told once, about their own offers.
    assert len(mail.outbox) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    claire = by_recipient["claire@centre-inffo.example"]
    assert (
        claire.subject == f"ComCep\u00a0: 2 offres à revérifier après l’actualité « {NEWS_TITLE} »"
    )
    assert "Point relais conseil VAE" in claire.body and "Aide régionale à la VAE" in claire.body
    assert "VAE pour les cadres" not in claire.body
    assert f"/admin/pages/{vae_catalogue['relais'].pk}/edit/" in claire.body
    paul = by_recipient["paul@carif-oref.example"]
    assert "VAE pour les cadres" in paul.body and "Compte personnel" not in paul.body

    # Republishing the same news item tells nobody again and flags nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        republish(news, summary="Résumé corrigé.")
    assert len(mail.outbox) == 2
    assert OfferRecheck.objects.count() == 3


def test_readers_banner_says_which_news_item_asks_for_a_check(client, vae_catalogue, news_index):
    # Read before the news item: no banner (the offers to check are kept per content version).
    assert "À revérifier" not in text_of(client.get(vae_catalogue["relais"].url).content.decode())
    news = publish_news(news_index)
    soup = BeautifulSoup(client.get(vae_catalogue["relais"].url).content, "html.parser")
    note = soup.find("a", string=NEWS_TITLE).find_parent(attrs={"role": "note"})
    assert REASON in text_of(str(note))
    assert note.find("a")["href"] == news.url
    cpf = text_of(client.get(vae_catalogue["cpf"].url).content.decode())
    assert "À revérifier" not in cpf


def test_only_offers_verified_before_the_news_item_are_flagged(vae_catalogue, news_index):
    publish_news(news_index, title="Le CEP a dix ans", schemes=())
    assert not OfferPage.objects.flagged().exists()

    # A news item dated three months ago: offers checked since then already take it into account.
    publish_news(
        news_index, title="Ancienne actualité VAE", date=TODAY - datetime.timedelta(days=90)
    )
    flagged = OfferPage.objects.flagged().values_list("title", flat=True)
    assert list(flagged) == ["Aide régionale à la VAE"]


def test_re_verifying_the_offer_clears_the_flag(client, admin_client, vae_catalogue, news_index):
    publish_news(news_index)
    republish(vae_catalogue["relais"], summary="Même offre, relue.")  # not re-verified
    assert OfferPage.objects.flagged().filter(pk=vae_catalogue["relais"].pk).exists()

    republish(vae_catalogue["relais"], verified_on=TODAY)

    assert not OfferPage.objects.flagged().filter(pk=vae_catalogue["relais"].pk).exists()
    assert "À revérifier" not in text_of(client.get(vae_catalogue["relais"].url).content.decode())
    report = text_of(admin_client.get(reverse("stale_offers")).content.decode())
    assert "Point relais conseil VAE" not in report
    assert "VAE pour les cadres" in report


def test_a_follower_is_told_when_the_page_is_published_again_with_changes(
    client, vae_catalogue, make_member, django_capture_on_commit_callbacks
):
    offer = vae_catalogue["cadres"]
    member = make_member("julien", "Julien L. (Apec)", email="julien@apec.example")
    client.force_login(member)
    page = BeautifulSoup(client.get(offer.url).content, "html.parser")
    form = page.find("form", action=reverse("follow_page", args=[offer.pk]))
    assert form.find("button").get_text(strip=True) == "Suivre cette fiche"
    response = client.post(form["action"], {"follow": "1"}, follow=True)
    assert "Vous suivez cette fiche" in text_of(response.content.decode())
    assert PageFollow.objects.filter(user=member, page_id=offer.pk).exists()
    assert "Ne plus suivre cette fiche" in text_of(client.get(offer.url).content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        republish(offer)  # nothing changed
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        republish(offer, summary="Nouvelles conditions d’accès depuis le décret.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["julien@apec.example"]
    assert message.subject == "ComCep\u00a0: la fiche « VAE pour les cadres » a été mise à jour"
    assert offer.full_url in message.body

    client.post(reverse("follow_page", args=[offer.pk]), {"follow": "0"})
    assert not PageFollow.objects.filter(user=member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        republish(offer, summary="Encore une modification.")
    assert len(mail.outbox) == 1


def test_only_signed_in_approved_members_may_follow(client, vae_catalogue):
    offer = vae_catalogue["cadres"]
    url = reverse("follow_page", args=[offer.pk])
    assert "Suivre cette fiche" not in client.get(offer.url).content.decode()
    response = client.post(url, {"follow": "1"})
    assert response.status_code == 302 and reverse("accounts:login") in response.url

    client.force_login(MemberFactory(pending=True))
    assert client.post(url, {"follow": "1"}).status_code == 403
    assert client.get(url).status_code == 405

    client.force_login(MemberFactory())
    draft = vae_catalogue["draft"]
    assert client.post(reverse("follow_page", args=[draft.pk]), {"follow": "1"}).status_code == 404
    assert not PageFollow.objects.exists()


def count_report_queries(client):
    client.get(reverse("stale_offers"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("stale_offers"))
    assert response.status_code == 200
    return len(queries), response


def test_report_costs_the_same_with_more_flagged_offers(admin_client, scheme_offer, news_index):
    for index in range(2):
        scheme_offer(f"Offre VAE {index}", "vae", owner=("claire", "paul")[index % 2])
    publish_news(news_index)
    small, response = count_report_queries(admin_client)
    assert "Offre VAE 1" in response.content.decode()

    for index in range(2, 12):
        scheme_offer(f"Offre VAE {index}", "vae", owner=("claire", "paul")[index % 2], months=20)
    publish_news(news_index, title="VAE : second décret")
    large, response = count_report_queries(admin_client)
    assert "Offre VAE 11" in response.content.decode()
    assert response.content.decode().count("VAE : second décret") == 12

    print(f"Contenus à vérifier: {small} queries (2 offers), {large} queries (12 offers)")
    assert small == large


def test_offer_page_costs_the_same_with_more_news_flags(
    client, make_member, vae_catalogue, news_index
):
    client.force_login(make_member())
    offer = vae_catalogue["aide"]
    publish_news(news_index)
    small, response = page_queries(client, offer.url)
    assert response.content.decode().count("À revérifier suite") == 1

    for index in range(4):
        publish_news(news_index, title=f"VAE : texte {index}")
    large, response = page_queries(client, offer.url)
    assert response.content.decode().count("À revérifier suite") == 5

    print(f"Offer page: {small} queries (1 flag), {large} queries (5 flags)")
    assert small == large
