"""A rubric's announcements are listed through the visibility surface: a pending one only to
those who may see it."""

import pytest
from django.test import Client
from machina.core.db.models import get_model

from tests.community.helpers import rubric_url

Topic = get_model("forum_conversation", "Topic")


@pytest.mark.django_db
def test_a_pending_announcement_is_not_listed_to_other_readers(make_member, make_topic, rubric):
    author = make_member("claire", "Claire D. (Mission locale)")
    shown = make_topic(author, subject="Permanence CEP du jeudi", type=Topic.TOPIC_ANNOUNCE)
    pending = make_topic(
        author, subject="Annonce en attente de relecture", type=Topic.TOPIC_ANNOUNCE, pending=True
    )

    reader = Client()
    reader.force_login(make_member("julien", "Julien R. (Apec)"))
    for client in (Client(), reader):
        page = client.get(rubric_url(rubric)).content.decode()
        assert shown.subject in page
        assert pending.subject not in page
