"""The life of a membership: sign-up, e-mail confirmation, approval, suspension, deletion.

Views and the moderation queue call these functions; they never change a member's status directly.
"""

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cms.public_urls import public_url
from community.moderation.alerts import member_waiting
from community.moderation.models import ModerationLogEntry
from community.notifications.signals import membership_approved

from .models import OperatorEmailDomain, User
from .roles import COUNSELLORS_GROUP, ROLE_GROUPS


def confirmation_link(request, user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return public_url(reverse("accounts:confirm_email", kwargs={"uidb64": uid, "token": token}))


def send_confirmation_email(request, user):
    context = {"user": user, "link": confirmation_link(request, user)}
    send_mail(
        render_to_string("accounts/emails/confirm_subject.txt", context).strip(),
        render_to_string("accounts/emails/confirm_body.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def send_sign_up_attempt_email(request, owner):
    """Someone signed up with an address that already has an account: tell its owner, only."""
    context = {
        "user": owner,
        "login_link": public_url(reverse("accounts:login")),
        "reset_link": public_url(reverse("accounts:password_reset")),
        # An account never confirmed cannot sign in: give its confirmation link again.
        "confirm_link": (
            confirmation_link(request, owner)
            if owner.is_pending and not owner.email_confirmed
            else ""
        ),
    }
    send_mail(
        render_to_string("accounts/emails/sign_up_attempt_subject.txt", context).strip(),
        render_to_string("accounts/emails/sign_up_attempt_body.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [owner.email],
    )


def sign_up(form, request):
    """What a valid sign-up form leads to, answered the same way whether its address is new or not.

    A new address gets an account and its confirmation link; an address that already has an
    account gets a warning to its owner and no new account. Return the new account, or None.
    """
    owner = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
    if owner is None:
        return register(form, request)
    # Hash the password anyway, so that the answer takes as long as a real registration.
    make_password(form.cleaned_data["password1"])
    send_sign_up_attempt_email(request, owner)
    return None


@transaction.atomic
def register(form, request):
    """Create the account from a valid sign-up form (inactive until the e-mail is confirmed)."""
    user = form.save(commit=False)
    user.is_active = False
    user.status = User.Status.PENDING
    user.charter_accepted_at = timezone.now()
    user.premoderated_posts_remaining = settings.COMCEP_PREMODERATED_POSTS
    user.save()
    send_confirmation_email(request, user)
    return user


@transaction.atomic
def confirm_email(user):
    """The member proved the address is theirs: they may sign in, and are approved at once when
    the address belongs to an allow-listed domain. Return True when approved automatically."""
    user.email_confirmed = True
    user.is_active = True
    user.save(update_fields=["email_confirmed", "is_active"])
    if user.is_pending and OperatorEmailDomain.operator_for(user.email):
        approve(user, actor=None)
        return True
    if user.is_pending:
        member_waiting(user)
    return False


def _log(actor, action, member, **extra):
    return ModerationLogEntry.objects.record(actor, action, member=member, **extra)


@transaction.atomic
def approve(user, actor):
    """Approve a pending member: they join the counsellors and can post."""
    user.status = User.Status.APPROVED
    user.approved_at = timezone.now()
    user.save(update_fields=["status", "approved_at"])
    user.groups.add(Group.objects.get_or_create(name=COUNSELLORS_GROUP)[0])
    details = "" if actor else "Domaine de messagerie reconnu : validation automatique."
    _log(actor, ModerationLogEntry.Action.APPROVE_MEMBER, user, details=details)

    membership_approved(user)


@transaction.atomic
def reject(user, actor, reason=""):
    """Refuse a pending member: the account is removed (it has no posts yet)."""
    _log(
        actor,
        ModerationLogEntry.Action.REJECT_MEMBER,
        None,
        details=f"{user.get_display_name()} — {reason}".strip(" —"),
    )
    user.delete()


@transaction.atomic
def suspend(user, actor, reason=""):
    """A suspended member can neither sign in nor post; their posts stay."""
    user.status = User.Status.SUSPENDED
    user.is_active = False
    user.save(update_fields=["status", "is_active"])
    _log(actor, ModerationLogEntry.Action.SUSPEND_MEMBER, user, details=reason)


@transaction.atomic
def reinstate(user, actor):
    user.status = User.Status.APPROVED
    user.is_active = True
    user.save(update_fields=["status", "is_active"])
    _log(actor, ModerationLogEntry.Action.REINSTATE_MEMBER, user)


@transaction.atomic
def delete_account(user):
    """Erase what identifies the member; their posts stay, signed "Membre supprimé"."""
    user.status = User.Status.DELETED
    user.is_active = False
    user.username = f"membre-supprime-{user.pk}"
    user.email = ""
    user.first_name = user.last_name = user.display_name = ""
    user.structure = user.job = ""
    user.operator = user.region = None
    user.set_unusable_password()
    user.save()
    user.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS))
