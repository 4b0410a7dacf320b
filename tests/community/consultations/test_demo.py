import io

from community.consultations import demo
from community.consultations.models import ConsultationPage, YouSaidEntry


def test_the_demo_opens_a_consultation_to_the_pilot_group_and_a_second_run_creates_nothing(
    client, portal, people
):
    assert demo.load(portal, io.StringIO()) == 2
    consultation = ConsultationPage.objects.live().get(slug=demo.SLUG)
    assert consultation.is_open and consultation.audience == "pilot"
    assert consultation.form_fields.count() == 5
    entry = YouSaidEntry.objects.get()
    assert entry.feedback.author == people["sophie"]

    assert demo.load(portal, io.StringIO()) == 0
    assert ConsultationPage.objects.count() == 1 and YouSaidEntry.objects.count() == 1

    client.force_login(people["sophie"])
    assert consultation.title in client.get("/").content.decode()
    assert entry.title in client.get("/vous-avez-dit/").content.decode()
