"""Routing a question, with the production page caches on: the topic page, kept per audience for
members and for anonymous readers, shows "Question transmise à …" and "Pris en charge par …" on
the next visit, and each reader's own "Solliciter un expert" / "Confier" buttons stay theirs."""

import pytest
from django.test import Client
from django.urls import reverse

from cms.taxonomies.models import Theme
from community.experts.models import Expertise
from tests.cms.performance.page_cache_support import page_caches_on
from tests.community.helpers import topic_url
from tests.conftest import text_of
from tests.factories import MemberFactory


@pytest.fixture(autouse=True)
def caches_on():
    with page_caches_on("comcep-test-experts"):
        yield


def test_routing_lines_appear_at_once_and_buttons_follow_the_reader(make_member, make_topic):
    sophie = make_member()
    julien = make_member("julien", "Julien L. (Apec)")
    amina = make_member("amina", "Amina D.")
    moderator = MemberFactory(username="karim", display_name="Karim B.", moderator=True)
    vae = Theme.objects.create(name="VAE")
    Expertise.objects.create(user=julien).themes.add(vae)
    topic = make_topic(sophie, subject="Financer une VAE")
    topic.themes.add(vae)
    url = topic_url(topic)

    clients = {}
    for name, member in (("sophie", sophie), ("julien", julien), ("karim", moderator)):
        clients[name] = Client()
        clients[name].force_login(member)
    clients["anonymous"] = Client()
    for client in clients.values():
        assert client.get(url).status_code == 200  # cached before the change

    def page(name):
        return text_of(clients[name].get(url).content.decode())

    assert "Solliciter un expert" in page("sophie")
    assert "Solliciter un expert" not in page("julien")
    assert "Confier" in page("karim") and "Confier" not in page("sophie")

    response = clients["sophie"].post(
        reverse("experts:request_help", args=[topic.pk]), {"members": [julien.pk]}
    )
    assert response.status_code == 302
    response = clients["karim"].post(
        reverse("experts:assign", args=[topic.pk]), {"handle": "amina"}
    )
    assert response.status_code == 302
    for name in ("sophie", "julien", "karim", "anonymous"):
        text = page(name)
        assert "Question transmise à Julien L. (Apec)" in text, name
        assert "Pris en charge par Amina D." in text, name
    assert "Solliciter un expert" not in page("julien")
    assert amina.routings.get().kind == "assignment"
