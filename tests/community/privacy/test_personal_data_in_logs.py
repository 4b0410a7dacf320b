"""No beneficiary's data in logs: a post holding a valid NIR and IBAN, held then refused, leaves
not one digit of either in the moderation log, the notifications, the e-mails sent (to the
moderators and to the author) nor the tasks' arguments (what the database backend stores in its
rows). The author's own text is kept, as written, in "Mes messages refusés" only (its own table,
read by its author alone, purged after 30 days): that table is outside this check on purpose.
"""

import importlib
import json
import re

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.urls import reverse
from django.views.debug import ExceptionReporter
from django_tasks.signals import task_enqueued
from machina.core.db.models import get_model
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

from community.moderation.models import ModerationLogEntry
from community.notifications.models import Notification
from community.privacy.detection import find_personal_data
from community.privacy.masking import mask_personal_data
from community.privacy.reporting import PersonalDataReporterFilter
from tests.community.helpers import reply_url
from tests.conftest import form_fields
from tests.factories import MemberFactory, TopicFactory

Post = get_model("forum_conversation", "Post")

NIR = "2 69 05 49 588 157 80"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
PHONE = "06 12 34 56 78"


def digit_runs(number):
    """What of ``number`` must appear nowhere: its digits in one run, and every group of three
    digits or more as written (« 588 », « 0112 »…)."""
    compact = re.sub(r"\D", "", number)
    return {compact, *(group for group in re.findall(r"\d{3,}", number))}


FORBIDDEN = digit_runs(NIR) | digit_runs(IBAN) | digit_runs(PHONE)


def text_columns(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
    ]


def leaks(texts):
    return sorted({run for text in texts for run in FORBIDDEN if run in str(text)})


def every_row(model):
    """Every text value of every row of ``model``'s table."""
    columns = text_columns(model)
    return [value for row in model.objects.values_list(*columns) for value in row]


@pytest.fixture
def enqueued():
    """The arguments of every task enqueued: what the database backend stores in its rows."""
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append(json.dumps([task_result.args, task_result.kwargs], default=str))

    task_enqueued.connect(record, weak=False, dispatch_uid="privacy-test")
    yield seen
    task_enqueued.disconnect(dispatch_uid="privacy-test")


def test_the_numbers_are_valid_so_the_guard_finds_them():
    assert stdnum_nir.is_valid(re.sub(r"\D", "", NIR))
    assert stdnum_iban.is_valid(IBAN)
    kinds = [f.kind for f in find_personal_data(f"{NIR} / {IBAN} / {PHONE}")]
    assert kinds == ["nir", "iban", "phone"]


def test_a_refused_post_with_a_nir_and_an_iban_leaves_no_digit_of_them_anywhere(
    client, portal, rubric, enqueued, django_capture_on_commit_callbacks
):
    moderators = [MemberFactory(moderator=True) for _ in range(2)]
    author = MemberFactory(username="amina")
    topic = TopicFactory(forum=rubric, poster=MemberFactory(), subject="Dossier CPF bloqué")
    mail.outbox.clear()
    client.force_login(author)
    data = form_fields(client.get(reply_url(topic)).content.decode(), "form[enctype]")
    data["content"] = (
        f"Pour Mme L. : NIR {NIR}, IBAN {IBAN}, portable {PHONE}. Comment débloquer son CPF ?"
    )
    response = client.post(reply_url(topic), data)  # sent back, highlighted
    data = form_fields(response.content.decode(), "form[enctype]")
    data["confirm_personal_data"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url(topic), data)
    assert response.status_code == 302
    held = topic.posts.get(poster=author)
    assert not held.approved
    # The moderators were told (notification and e-mail), then one refuses, quoting the data.
    assert Notification.objects.filter(kind=Notification.Kind.POST_HELD).count() == 2
    client.force_login(moderators[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forum_moderation:disapprove_queued_post", kwargs={"pk": held.pk}),
            {"reason": "personal_data", "explanation": f"Le NIR {NIR} ne doit pas paraître."},
        )
    assert response.status_code == 302
    assert not Post.objects.filter(pk=held.pk).exists()

    log = every_row(ModerationLogEntry)
    notifications = every_row(Notification)
    e_mails = [
        part
        for message in mail.outbox
        for part in (message.subject, message.body, *(a[0] for a in message.alternatives))
    ]
    assert ModerationLogEntry.objects.filter(action="reject_post").count() == 1
    assert "[NIR masqué]" in " ".join(log) and "[IBAN masqué]" in " ".join(log)
    assert Notification.objects.filter(recipient=author, kind="post_refused").count() == 1
    assert {m.to[0] for m in mail.outbox} >= {author.email, *(m.email for m in moderators)}
    assert any("[IBAN masqué]" in part for part in e_mails)  # the author's text, masked
    assert enqueued  # the tasks ran: their arguments are ids
    assert leaks(log) == []
    assert leaks(notifications) == []
    assert leaks(e_mails) == []
    assert leaks(enqueued) == []


def test_existing_log_entries_are_masked_by_the_migration(moderator_log_entry):
    migration = importlib.import_module(
        "community.moderation.migrations.0004_mask_personal_data_in_log"
    )
    migration.mask_log(apps, None)
    moderator_log_entry.refresh_from_db()
    assert leaks([moderator_log_entry.details, moderator_log_entry.topic_subject]) == []
    assert moderator_log_entry.details == (
        "« Son NIR [NIR masqué], IBAN [IBAN masqué], tél. [téléphone masqué] »"
    )
    assert moderator_log_entry.topic_subject == "Rappeler le [téléphone masqué]"


@pytest.fixture
def moderator_log_entry(portal):
    entry = ModerationLogEntry.objects.create(
        action=ModerationLogEntry.Action.DELETE_POST,
        details=f"« Son NIR {NIR}, IBAN {IBAN}, tél. {PHONE} »",
        topic_subject=f"Rappeler le {PHONE}",
    )
    assert leaks([entry.details]) != []
    return entry


def test_error_reports_mask_the_personal_data_of_the_request_and_the_frames(rf):
    request = rf.post("/forum/", {"content": f"NIR {NIR} et IBAN {IBAN}"})
    content = request.POST["content"]  # a local variable of the frame, as a view would hold
    try:
        raise ValueError("boom")
    except ValueError as error:
        # The filter of DEFAULT_EXCEPTION_REPORTER_FILTER, as AdminEmailHandler uses it.
        reporter = ExceptionReporter(request, type(error), error, error.__traceback__)
        assert isinstance(reporter.filter, PersonalDataReporterFilter)
        report = reporter.get_traceback_text()
    assert content in request.POST["content"]
    assert "[NIR masqué]" in report and "[IBAN masqué]" in report
    # (The report's line numbers hold any three digits: the numbers are looked for whole.)
    for number in (NIR, IBAN):
        assert number not in report
        assert re.sub(r"\D", "", number) not in report


def test_the_guard_finds_a_birth_date_announced_a_few_words_before():
    text = "date de naissance de la personne accompagnée : 12/03/1985"
    [finding] = find_personal_data(text)
    assert finding.kind == "birth_date" and finding.text == "12/03/1985"
    assert mask_personal_data(text) == (
        "date de naissance de la personne accompagnée : [date de naissance masquée]"
    )
    # A meeting date after unrelated words is not a birth date.
    assert find_personal_data("naissance du projet : réunion de lancement le 12/03/2025") == []
