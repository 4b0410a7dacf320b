"""Words for counsellors: the home page's "Nouvelles offres" without offers carrying a "to check"
banner; <time datetime> values valid for HTML (no microseconds); the forum engine's and
Wagtail's wrong French replaced; demo texts that speak to counsellors."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from cms.offers.models import OfferPage, OfferRecheck
from tests.community.helpers import topic_url
from tests.conftest import text_of
from tests.factories import MemberFactory

Post = get_model("forum_conversation", "Post")
# A valid date, or a global date and time to the second (HTML's <time datetime>), or a duration.
VALID_DATETIME = re.compile(
    r"^(\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?([+-]\d\d:?\d\d|Z))?|P(T?\d+[HMS])+|PT[\dHMS.]+)$"
)
WRONG_STRINGS = (
    "Voir les sujets non lu<",
    "sujets épinglé ",
    "Forum du topic",
    "Tous les posts",
    ">Topics<",
    '"Topics"',
    "Boîte À Outils",
)


def newest_titles(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    section = soup.select_one('section[aria-labelledby="newest-offers-title"]')
    return [a.get_text(strip=True) for a in section.select(".card-item__title a")]


def test_new_offers_on_home_leave_out_stale_and_flagged_ones(client, portal, make_offer, make_news):
    today = timezone.localdate()
    make_offer("Offre vérifiée", verified_on=today)
    make_offer("Offre vérifiée il y a deux ans", verified_on=today.replace(year=today.year - 2))
    make_offer(
        "Offre expirée",
        verified_on=today - timezone.timedelta(days=2),
        valid_until=today - timezone.timedelta(days=1),
    )
    flagged = make_offer("Offre à revérifier", verified_on=today - timezone.timedelta(days=30))
    news = make_news("Réforme du CPF")
    OfferRecheck.objects.create(
        offer=flagged, news=news, verified_on_when_flagged=flagged.verified_on
    )
    assert OfferPage.objects.live().count() == 4
    assert newest_titles(client) == ["Offre vérifiée"]


def test_time_elements_carry_valid_values(client, make_topic, counsellor):
    topic = make_topic(counsellor, subject="Rester neutre")
    Post.objects.create(
        topic=topic,
        poster=counsellor,
        content="Réponse",
        created=timezone.now().replace(microsecond=123456),
    )
    client.force_login(counsellor)
    pages = [topic_url(topic), reverse("notifications:list"), "/recherche/?q=neutre"]
    values = []
    for url in pages:
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        values += [time["datetime"] for time in soup.find_all("time", datetime=True)]
    assert len(values) >= 2
    assert [value for value in values if not VALID_DATETIME.match(value)] == []


def test_the_forum_engine_and_wagtail_speak_good_french(client, make_topic, counsellor, portal):
    from cms.toolbox.models import ToolboxIndexPage

    ToolboxIndexPage.ensure_under(portal)
    make_topic(MemberFactory(username="julien"), subject="Un sujet non lu")
    client.force_login(counsellor)
    html = client.get(reverse("forum_tracking:unread_topics")).content.decode()
    assert "Voir les sujets non lus" in text_of(html)
    assert 'aria-label="Sujets"' in html
    for wrong in WRONG_STRINGS:
        assert wrong not in html, wrong

    admin = MemberFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    report = client.get(reverse("wagtailadmin_reports:page_types_usage")).content.decode()
    assert "Boîte à outils" in text_of(report)
    assert "Boîte À Outils" not in report


@pytest.mark.django_db
def test_demo_offers_speak_to_counsellors(demo_site):
    texts = [f"{offer.how_to_access} {offer.contact}" for offer in OfferPage.objects.all()]
    assert texts
    assert [text for text in texts if re.search(r"\bvotre conseill", text, re.I)] == []
