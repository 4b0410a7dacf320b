"""What the community does with follows and notifications; views, signals and tasks call these.

- ``follow`` / ``unfollow`` / ``is_following``: a topic, a rubric or a theme, only if readable;
- ``notify``: one row per recipient who may read what it is about (never the actor), and the
  e-mails of those who want them at once, sent by a task;
- ``target_url``: where a notification leads.
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from machina.core.db.models import get_model

from cms.performance.invalidation import bump_version, read_with_each_request, remember_under
from cms.taxonomies.models import Theme
from community.forum_conversation.visibility import ForumAccess
from community.privacy.masking import mask_personal_data

from .audience import Audience
from .models import Delivery, Follow, Notification, NotificationPreferences
from .sending import send_notification_emails

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")

TARGETS = {"topic": Topic, "forum": Forum, "theme": Theme}


def readable_target(user, kind, pk, handler=None):
    """The topic, rubric or theme ``pk`` if ``user`` may read (hence follow) it, else None."""
    if kind == "topic":
        return Topic.objects.visible_to(user, handler).filter(pk=pk, approved=True).first()
    if kind == "forum":
        access = ForumAccess.for_user(user, handler)
        return Forum.objects.filter(pk=pk, pk__in=access.readable, type=Forum.FORUM_POST).first()
    if kind == "theme":
        return Theme.objects.filter(pk=pk).first()
    return None


def is_following(user, target):
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **{target_kind(target): target}).exists()


def target_kind(target):
    for kind, model in TARGETS.items():
        if isinstance(target, model):
            return kind
    raise TypeError(target)


def follow(user, target):
    Follow.objects.get_or_create(user=user, **{target_kind(target): target})


def unfollow(user, target):
    Follow.objects.filter(user=user, **{target_kind(target): target}).delete()


def follow_own_topic(user, topic):
    """A member who posts follows the topic, unless they turned that off."""
    if NotificationPreferences.for_user(user).follow_own_topics:
        follow(user, topic)


def post_url(post, topic=None):
    return f"{(topic or post.topic).get_absolute_url()}?post={post.pk}#{post.pk}"


# Moderators are led to the queue where the item waits; a refused post's author to their
# refused posts, where its text is kept.
MODERATION_TARGETS = {
    Notification.Kind.NEW_REPORT: lambda n: reverse("community:report_queue"),
    Notification.Kind.POST_HELD: lambda n: (
        reverse("forum_moderation:queued_post", kwargs={"pk": n.post_id})
        if n.post_id
        else reverse("forum_moderation:queue")
    ),
    Notification.Kind.MEMBER_WAITING: lambda n: reverse("community:member_queue"),
    Notification.Kind.POST_REFUSED: lambda n: reverse("community:refused_posts"),
    # The home page lists the consultations open to the member ("Consultations en cours").
    Notification.Kind.CONSULTATION_OPENED: lambda n: "/",
}


def target_url(notification):
    """Where opening ``notification`` leads: the post, the topic, or the member's profile."""
    moderation_target = MODERATION_TARGETS.get(notification.kind)
    if moderation_target is not None:
        return moderation_target(notification)
    if notification.post_id and notification.topic_id:
        return post_url(notification.post, notification.topic)
    if notification.topic_id:
        return notification.topic.get_absolute_url()
    if notification.kind == Notification.Kind.MEMBERSHIP_APPROVED:
        return reverse("forum:index")
    return reverse("notifications:list")


def notify(kind, recipient_ids, *, actor=None, topic=None, post=None, audience=None, email=True):
    """Create one notification per recipient allowed to read ``topic`` (if any), except ``actor``.

    Bounded queries whatever the number of recipients: visibility by group set (audience.py),
    one INSERT … SELECT, one query for the preferences, one for the ids of the rows to e-mail at
    once (a task sends them; ``email=False``: the caller sends its own). Return the number of
    notifications created.
    """
    recipient_ids = set(recipient_ids) - {actor.pk if actor else None}
    if not recipient_ids:
        return 0
    audience = audience or Audience(recipient_ids)
    if topic is not None:
        recipient_ids = recipient_ids & audience.readers(topic)
    else:
        recipient_ids = recipient_ids & set(audience.users)
    if not recipient_ids:
        return 0
    deliveries = NotificationPreferences.objects.delivery_by_user(recipient_ids, kind)
    created = _insert(kind, sorted(recipient_ids), actor, topic, post)
    immediate = [pk for pk in recipient_ids if deliveries[pk] == Delivery.IMMEDIATE]
    if immediate and email:
        ids = list(
            Notification.objects.filter(
                kind=kind, created=created, recipient_id__in=immediate, post=post, topic=topic
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: send_notification_emails.enqueue(ids))
    return len(recipient_ids)


# Rows inserted by one statement, whatever the number of recipients (``bulk_create`` is split in
# batches of 124 rows on SQLite); the list of ids is split only beyond this size.
INSERT_CHUNK = 10_000


def _insert(kind, recipient_ids, actor, topic, post):
    """INSERT … SELECT one notification per recipient; return their creation time."""
    User = get_user_model()
    now = timezone.now()
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(Notification._meta.get_field(name).column)
        for name in ("recipient", "kind", "actor", "topic", "post", "created")
    )
    constants = [
        kind,
        actor.pk if actor else None,
        topic.pk if topic else None,
        post.pk if post else None,
        connection.ops.adapt_datetimefield_value(now),
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(recipient_ids), INSERT_CHUNK):
            chunk = recipient_ids[start : start + INSERT_CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) "  # noqa: S608
                f"SELECT {quote(User._meta.pk.column)}, %s, %s, %s, %s, %s "
                f"FROM {quote(User._meta.db_table)} "
                f"WHERE {quote(User._meta.pk.column)} IN ({placeholders})",
                [*constants, *chunk],
            )
    notifications_changed()
    return now


def mark_read(queryset):
    count = queryset.filter(read_at__isnull=True).update(read_at=timezone.now())
    notifications_changed()
    return count


# One version number for every member's unread count: any notification written, read or deleted
# bumps it. Members read pages far more often than notifications change, so each count is
# computed once between two changes rather than on every page.
UNREAD_VERSION_KEY = "comcep:notifications:version"
read_with_each_request(UNREAD_VERSION_KEY, "default")


def notifications_changed():
    bump_version(UNREAD_VERSION_KEY, cache)


def unread_count(user):
    """How many notifications ``user`` has not read (a query once per version, none after)."""
    return remember_under(
        UNREAD_VERSION_KEY,
        f"unread:{user.pk}",
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        cache,
    )


# What happened, per kind: %(actor)s is a display name (never an address), %(subject)s the
# topic's subject, %(rubric)s its rubric.
SUMMARIES = {
    Notification.Kind.REPLY: gettext_lazy("%(actor)s replied to “%(subject)s”."),
    Notification.Kind.NEW_TOPIC: gettext_lazy("%(actor)s started “%(subject)s” in %(rubric)s."),
    Notification.Kind.MENTION: gettext_lazy("%(actor)s mentioned you in “%(subject)s”."),
    Notification.Kind.ANSWER_VALIDATED: gettext_lazy(
        "Your reply to “%(subject)s” was marked as the validated answer."
    ),
    Notification.Kind.MEMBERSHIP_APPROVED: gettext_lazy(
        "Your membership is approved: you can now post in the forum."
    ),
    Notification.Kind.REPORT_HANDLED: gettext_lazy(
        "Your report about “%(subject)s” was handled by the moderators."
    ),
    Notification.Kind.EXPERT_REQUEST: gettext_lazy(
        "%(actor)s asks for your help on “%(subject)s”."
    ),
    Notification.Kind.QUESTION_ASSIGNED: gettext_lazy(
        "%(actor)s assigned you the question “%(subject)s”."
    ),
    Notification.Kind.ASSIGNMENT_RETURNED: gettext_lazy(
        "“%(subject)s”, assigned to %(actor)s, is still unanswered: it is back with you."
    ),
    Notification.Kind.NEW_REPORT: gettext_lazy(
        "%(actor)s reported a post in “%(subject)s” (%(rubric)s)."
    ),
    Notification.Kind.POST_HELD: gettext_lazy(
        "A post by %(actor)s waits for your approval in “%(subject)s” (%(rubric)s)."
    ),
    Notification.Kind.MEMBER_WAITING: gettext_lazy(
        "%(actor)s signed up and waits for the approval of a moderator."
    ),
    Notification.Kind.POST_REFUSED: gettext_lazy(
        "Your post in “%(subject)s” was refused by the moderators: read why, and find "
        "your text, in “My refused posts”."
    ),
    Notification.Kind.CONSULTATION_OPENED: gettext_lazy(
        "A consultation is open to you: answer it from the home page."
    ),
}
# The same, when the notification has no topic (or its subject is empty).
SUMMARIES_WITHOUT_SUBJECT = {
    Notification.Kind.REPORT_HANDLED: gettext_lazy("Your report was handled by the moderators."),
    Notification.Kind.POST_REFUSED: gettext_lazy(
        "Your post was refused by the moderators: read why, and find your text, in "
        "“My refused posts”."
    ),
}
RUBRIC_KINDS = frozenset(
    {Notification.Kind.NEW_TOPIC, Notification.Kind.NEW_REPORT, Notification.Kind.POST_HELD}
)


def summary(notification):
    """One French sentence saying what happened (the actor's display name, never an address)."""
    actor = notification.actor.get_display_name() if notification.actor else _("A moderator")
    # A subject may hold what the guard finds (a held post's): never repeated in a notification.
    subject = mask_personal_data(notification.topic.subject) if notification.topic_id else ""
    if not subject and notification.kind in SUMMARIES_WITHOUT_SUBJECT:
        return str(SUMMARIES_WITHOUT_SUBJECT[notification.kind])
    rubric = notification.topic.forum.name if notification.kind in RUBRIC_KINDS else ""
    return SUMMARIES[notification.kind] % {"actor": actor, "subject": subject, "rubric": rubric}
