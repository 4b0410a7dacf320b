"""A light question form: subject, rubric, themes and text first; the poll and the attachments
folded under "Ajouter un sondage" / "Joindre un fichier" (<details>, no JavaScript), open as soon
as they hold what the member entered or an error."""

from bs4 import BeautifulSoup

from tests.community.helpers import reply_url, topic_create_url
from tests.conftest import form_fields


def disclosures(html):
    soup = BeautifulSoup(html, "html.parser")
    return {
        d.summary.get_text(strip=True): d.has_attr("open")
        for d in soup.select("main form details.disclosure")
    }


def test_the_poll_and_the_attachments_are_folded_until_used(client, rubric, counsellor):
    client.force_login(counsellor)
    url = topic_create_url(rubric)
    html = client.get(url).content.decode()
    assert disclosures(html) == {"Ajouter un sondage": False, "Joindre un fichier": False}
    soup = BeautifulSoup(html, "html.parser")
    # The poll's fields are inside the folded part (sent with the form, open or not).
    poll = soup.find("summary", string="Ajouter un sondage").parent
    assert poll.select_one("[name=poll_question]") and poll.select_one("[name=poll-4-text]")
    assert soup.find("summary", string="Joindre un fichier").parent.select_one("input[type=file]")
    # Subject, themes and text come before both.
    order = [
        tag.get("name") or tag.name
        for tag in soup.select(
            "main form [name=subject], main form [name=content], main form details"
        )
    ]
    assert order[:2] == ["subject", "content"]

    data = form_fields(html, "form.topic-form")
    data.update(subject="Durée du premier entretien", content="Votez !", preview="1")
    assert disclosures(client.post(url, data).content.decode()) == {
        "Ajouter un sondage": False,
        "Joindre un fichier": False,
    }
    # A poll typed in, then an error about it: open, with what was typed.
    data.update(poll_question="Combien de temps ?", poll_max_options="1")
    assert disclosures(client.post(url, data).content.decode())["Ajouter un sondage"] is True
    data.pop("preview")
    data["poll-0-text"] = "Une heure"
    refused = client.post(url, data).content.decode()
    assert disclosures(refused)["Ajouter un sondage"] is True
    assert "Indiquez au moins deux choix pour le sondage." in refused


def test_the_reply_form_folds_its_attachments_too(client, make_topic, counsellor):
    client.force_login(counsellor)
    topic = make_topic(counsellor)
    assert disclosures(client.get(reply_url(topic)).content.decode()) == {
        "Joindre un fichier": False
    }
