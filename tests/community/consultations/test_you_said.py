"""“Vous avez dit, nous avons fait”: an entry made in one click from a feedback item or a
consultation question, both linked both ways; the members' page and its cost."""

from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.consultations.models import YouSaidEntry
from community.pilot.models import Feedback
from tests.conftest import form_fields

ADD = "/admin/vous-avez-dit/new/"


def link_with(soup, text):
    return next(a for a in soup.find_all("a") if text in a.get_text())


def test_an_entry_created_from_a_feedback_item_links_both_ways(client, people):
    feedback = Feedback.objects.create(
        author=people["sophie"],
        page_path="/offres/",
        rating=3,
        comment="Il manque les plafonds du CPF.",
    )
    client.force_login(people["moderateur"])
    edit = BeautifulSoup(client.get(f"/admin/avis-beta/edit/{feedback.pk}/").content, "html.parser")
    button = link_with(edit, "Créer une entrée")
    assert button["href"] == f"{ADD}?feedback={feedback.pk}"

    form = client.get(button["href"]).content.decode()
    data = form_fields(form, "form[method=post]")
    assert data["feedback"] == str(feedback.pk)
    assert data["description"].strip() == "Il manque les plafonds du CPF."
    data["title"] = "Les plafonds du CPF ajoutés aux fiches"
    response = client.post(ADD, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    entry = YouSaidEntry.objects.get()
    assert entry.feedback == feedback

    # The feedback item shows the entry it led to.
    edit = BeautifulSoup(client.get(f"/admin/avis-beta/edit/{feedback.pk}/").content, "html.parser")
    led_to = link_with(edit, "A mené à")
    assert "Les plafonds du CPF ajoutés aux fiches" in led_to.get_text()
    assert led_to["href"] == f"/admin/vous-avez-dit/edit/{entry.pk}/"

    # Members read the entry with what prompted it.
    client.force_login(people["julien"])
    page = BeautifulSoup(client.get("/vous-avez-dit/").content, "html.parser")
    item = page.select_one(f"#entree-{entry.pk}")
    assert item.h2.get_text(strip=True) == "Les plafonds du CPF ajoutés aux fiches"
    assert "un avis sur la bêta" in item.get_text() and "/offres/" in item.get_text()


def test_an_entry_is_prefilled_from_a_consultation_question(client, people, make_consultation):
    consultation = make_consultation()
    client.force_login(people["editrice"])
    results = BeautifulSoup(
        client.get(f"/admin/consultations/{consultation.pk}/resultats/").content, "html.parser"
    )
    link = link_with(results, "à partir de cette question")
    data = form_fields(client.get(link["href"]).content.decode(), "form[method=post]")
    assert data["consultation"] == str(consultation.pk)
    assert data["question"] == "Ce qui vous aide le plus dans ComCep"
    data["title"] = "Une page d’aide"
    assert client.post(ADD, data).status_code == 302

    client.force_login(people["sophie"])
    page = client.get("/vous-avez-dit/").content.decode()
    assert consultation.url in page and "Ce qui vous aide le plus dans ComCep" in page
    # julien is not in the pilot group: the entry names the consultation without a link to it.
    client.force_login(people["julien"])
    page = client.get("/vous-avez-dit/").content.decode()
    assert "Ce qui vous aide le plus dans ComCep" in page and consultation.url not in page


def test_you_said_is_for_members_and_costs_the_same_queries_for_2_and_20_entries(
    client, people, make_consultation
):
    client.logout()
    assert client.get("/vous-avez-dit/").status_code == 302
    consultation = make_consultation()
    counts = []
    for size in (2, 20):
        for number in range(size - YouSaidEntry.objects.count()):
            YouSaidEntry.objects.create(
                title=f"Changement {number}",
                consultation=consultation,
                question="Q",
                feedback=Feedback.objects.create(
                    author=people["sophie"], page_path="/", rating=4, comment="x"
                ),
            )
        client.force_login(people["sophie"])
        client.get("/vous-avez-dit/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/vous-avez-dit/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_author_of_the_feedback_sees_what_it_led_to(client, people):
    feedback = Feedback.objects.create(
        author=people["sophie"], page_path="/offres/", rating=2, comment="Trop de clics."
    )
    entry = YouSaidEntry.objects.create(title="Un clic de moins", feedback=feedback)
    client.force_login(people["sophie"])
    page = BeautifulSoup(client.get("/avis/mes-avis/").content, "html.parser")
    done = page.select_one(".feedback-item__done")
    assert "Ce que nous avons fait" in done.get_text()
    assert done.a["href"] == f"/vous-avez-dit/#entree-{entry.pk}"
    assert done.a.get_text() == "Un clic de moins"
