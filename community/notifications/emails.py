"""Notification e-mails: French, plain text and HTML, with a one-click unsubscribe (RFC 8058).

The unsubscribe link carries a signed token (member, kind) that works without signing in, changes
only that member's preference for that kind, and expires after ``UNSUBSCRIBE_MAX_AGE``.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from cms.public_urls import public_url

UNSUBSCRIBE_SALT = "comcep.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 120  # 120 days: older e-mails lead to the preferences page
DIGEST = "digest"  # the "kind" of the digest's own unsubscribe link


def unsubscribe_token(user, kind):
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user id, kind) of a valid token; raise ``signing.BadSignature`` otherwise."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or "k" not in data:
        raise signing.BadSignature("malformed")
    return data["u"], data["k"]


def unsubscribe_url(user, kind):
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})
    return public_url(path)


def open_url(notification):
    """The notification centre's link that marks it read, then leads to what it is about."""
    return reverse("notifications:open", kwargs={"pk": notification.pk})


def build_message(user, template, context, kind):
    """An e-mail to ``user`` from ``notifications/emails/<template>_{subject,body}`` templates."""
    link = unsubscribe_url(user, kind)
    context = {
        **context,
        "member": user,
        "unsubscribe_url": link,
        "preferences_url": public_url(reverse("notifications:preferences")),
        "site_url": public_url("/"),
    }
    subject = render_to_string(f"notifications/emails/{template}_subject.txt", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        render_to_string(f"notifications/emails/{template}_body.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"notifications/emails/{template}_body.html", context), "text/html"
    )
    return message
