"""Demo follows, a mention and notifications for the demo accounts (idempotent).

Runs after the forum's demo content: every demo post is marked as already fanned out (the demo
tells its own story below, instead of a burst of notifications when the worker starts).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from machina.core.db.models import get_model

from cms.taxonomies.models import Theme

from .models import Follow, Notification, PostFanOut

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")

MENTION_TOPIC = "Rester neutre quand la personne veut une solution tout de suite"
MENTION_TEXT = (
    "@julien, tu parlais de poser le cadre dès les premières minutes : as-tu une phrase type "
    "pour annoncer les trois temps du CEP ?"
)


def load(stdout):
    User = get_user_model()
    users = User.objects.in_bulk(["sophie", "julien", "moderateur"], field_name="username")
    if len(users) < 3:
        return
    sophie, julien, moderator = users["sophie"], users["julien"], users["moderateur"]

    topic = Topic.objects.filter(subject=MENTION_TOPIC).select_related("forum").first()
    mention = None
    if topic is not None:
        mention = topic.posts.filter(poster=sophie, content__contains="@julien").first()
        if mention is None:
            mention = Post.objects.create(
                topic=topic, poster=sophie, subject=f"Re: {topic.subject}", content=MENTION_TEXT
            )

    # Posting follows the topic: each demo member follows the topics they wrote in.
    follows = [
        Follow(user_id=user_id, topic_id=topic_id)
        for user_id, topic_id in Post.objects.filter(poster__in=users.values())
        .values_list("poster_id", "topic_id")
        .distinct()
    ]
    if topic is not None:
        follows.append(Follow(user=julien, forum=topic.forum))
    theme = Theme.objects.order_by("sort_order", "name").first()
    if theme is not None:
        follows.append(Follow(user=moderator, theme=theme))
    before = Follow.objects.count()
    Follow.objects.bulk_create(follows, ignore_conflicts=True)
    created_follows = Follow.objects.count() - before

    PostFanOut.objects.bulk_create(
        [PostFanOut(post_id=pk) for pk in Post.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )

    count = 0
    if topic is not None and mention is not None:
        replies = list(topic.posts.order_by("created", "pk"))
        stories = [(julien, Notification.Kind.MENTION, sophie, mention, None)]
        if len(replies) > 1:
            # sophie was told of julien's reply and has read it.
            stories.append((sophie, Notification.Kind.REPLY, julien, replies[1], timezone.now()))
        if len(replies) > 2:
            stories.append((julien, Notification.Kind.REPLY, moderator, replies[2], None))
        for recipient, kind, actor, post, read_at in stories:
            _row, created = Notification.objects.get_or_create(
                recipient=recipient,
                kind=kind,
                post=post,
                defaults={"actor": actor, "topic": topic, "read_at": read_at},
            )
            count += created
    stdout.write(f"Abonnements : {created_follows} créé(s) ; notifications : {count} créée(s).")
