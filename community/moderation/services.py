"""Moderation actions on reported posts; each one is written to the moderation log."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from community.accounts import membership
from community.notifications.signals import report_handled

from .alerts import queues_changed
from .models import ModerationLogEntry, PostReport

Action = ModerationLogEntry.Action


def _close(report, actor, status):
    reports = PostReport.objects.filter(post=report.post, status=PostReport.Status.OPEN)
    reporter_ids = list(reports.values_list("reporter_id", flat=True))
    reports.update(status=status, handled_by=actor, handled_at=timezone.now())
    queues_changed()  # update() sends no signal: the moderators' counts are told here
    report_handled(reporter_ids, report.post, actor)


def _log(actor, action, post, details=""):
    return ModerationLogEntry.objects.record(actor, action, post=post, details=details)


def notify_author(post, subject_template, body_template, message):
    if not post.poster or not post.poster.email:
        return
    context = {"post": post, "member": post.poster, "message": message}
    send_mail(
        render_to_string(subject_template, context).strip(),
        render_to_string(body_template, context),
        settings.DEFAULT_FROM_EMAIL,
        [post.poster.email],
    )


@transaction.atomic
def dismiss(report, actor, note=""):
    _close(report, actor, PostReport.Status.DISMISSED)
    _log(actor, Action.DISMISS_REPORT, report.post, note)


@transaction.atomic
def hide_post(report, actor, note=""):
    post = report.post
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    _close(report, actor, PostReport.Status.RESOLVED)
    _log(actor, Action.HIDE_POST, post, note)


@transaction.atomic
def delete_post(report, actor, note=""):
    post = report.post
    _close(report, actor, PostReport.Status.RESOLVED)
    entry = _log(actor, Action.DELETE_POST, post, f"« {post.content.raw[:300]} » {note}".strip())
    entry.post = None
    entry.save(update_fields=["post"])
    post.delete()


@transaction.atomic
def warn_author(report, actor, message):
    _close(report, actor, PostReport.Status.RESOLVED)
    _log(actor, Action.WARN_MEMBER, report.post, message)
    notify_author(
        report.post,
        "community/emails/warning_subject.txt",
        "community/emails/warning_body.txt",
        message,
    )


@transaction.atomic
def suspend_author(report, actor, message):
    _close(report, actor, PostReport.Status.RESOLVED)
    if report.post.poster:
        membership.suspend(report.post.poster, actor, reason=message)
        notify_author(
            report.post,
            "community/emails/suspension_subject.txt",
            "community/emails/suspension_body.txt",
            message,
        )


@transaction.atomic
def show_post(post, actor):
    post.is_hidden = False
    post.save(update_fields=["is_hidden"])
    _log(actor, Action.SHOW_POST, post)
