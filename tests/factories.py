"""Factories for what the tests build often: members in each role, rubrics, topics and posts.

Roles are traits: ``MemberFactory(moderator=True)``, ``MemberFactory(pending=True)``; a topic
comes with its first post, and traits add what the visibility rules are about:
``TopicFactory(pending=True)``, ``TopicFactory(with_hidden_reply=True, with_pending_reply=True)``.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory, Password
from machina.core.db.models import get_model

from community.accounts.roles import (
    COUNSELLORS_GROUP,
    EDITORS_GROUP,
    MODERATORS_GROUP,
    PARTNERS_GROUP,
    PILOT_GROUP,
    PILOT_MODERATORS_GROUP,
    PILOT_RUBRIC_SLUG,
    apply_forum_permissions,
)

PASSWORD = "Un-mot-de-passe-solide-2026"

User = get_user_model()
Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")


class MemberFactory(DjangoModelFactory):
    """An approved member, by default a counsellor (the group that may post)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    class Params:
        moderator = factory.Trait(role_groups=(COUNSELLORS_GROUP, MODERATORS_GROUP))
        pilot = factory.Trait(role_groups=(COUNSELLORS_GROUP, PILOT_GROUP))
        pilot_moderator = factory.Trait(
            role_groups=(COUNSELLORS_GROUP, MODERATORS_GROUP, PILOT_GROUP, PILOT_MODERATORS_GROUP)
        )
        editor = factory.Trait(role_groups=(EDITORS_GROUP,), is_staff=True)
        partner = factory.Trait(role_groups=(PARTNERS_GROUP,))
        pending = factory.Trait(role_groups=(), status=User.Status.PENDING, email_confirmed=True)

    username = factory.Sequence(lambda n: f"membre{n}")
    display_name = factory.LazyAttribute(lambda member: f"{member.username.capitalize()} C.")
    email = factory.LazyAttribute(lambda member: f"{member.username}@operateur.example")
    password = Password(PASSWORD)
    role_groups = (COUNSELLORS_GROUP,)

    @classmethod
    def _create(cls, model_class, *args, role_groups=(), **kwargs):
        member = super()._create(model_class, *args, **kwargs)
        member.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in role_groups))
        return member


class RubricFactory(DjangoModelFactory):
    """A rubric inside its own category, as in the demo tree; ``pilot=True``: the private one."""

    class Meta:
        model = Forum
        skip_postgeneration_save = True  # the roles hook saves no field of the rubric

    class Params:
        pilot = factory.Trait(
            parent=factory.LazyFunction(
                lambda: Forum.objects.get_or_create(
                    slug=PILOT_RUBRIC_SLUG,
                    parent=None,
                    defaults={"name": "Groupe pilote", "type": Forum.FORUM_CAT},
                )[0]
            ),
            name="Retours sur la bêta",
        )

    name = factory.Sequence(lambda n: f"Rubrique {n}")
    type = Forum.FORUM_POST
    parent = factory.SubFactory(
        "tests.factories.RubricFactory",
        name=factory.Sequence(lambda n: f"Catégorie {n}"),
        type=Forum.FORUM_CAT,
        parent=None,
    )

    @factory.post_generation
    def roles(forum, create, extracted, **kwargs):
        # A new private rubric takes the roles' rules (machina grants nothing by itself).
        if create and forum.parent and forum.parent.slug == PILOT_RUBRIC_SLUG:
            apply_forum_permissions()


class TopicFactory(DjangoModelFactory):
    """A topic with its first post; traits add a pending state and replies to hide or approve."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    class Params:
        pending = factory.Trait(approved=False)

    forum = factory.SubFactory(RubricFactory)
    poster = factory.SubFactory(MemberFactory)
    subject = factory.Sequence(lambda n: f"Sujet numéro {n}")
    type = Topic.TOPIC_POST
    status = Topic.TOPIC_UNLOCKED
    approved = True

    @factory.post_generation
    def first_post(topic, create, extracted, **kwargs):
        if create:
            Post.objects.create(
                topic=topic,
                poster=topic.poster,
                subject=topic.subject,
                content=getattr(topic, "_content", "Comment faites-vous ?"),
                approved=topic.approved,
            )
            topic.refresh_from_db()

    @factory.post_generation
    def with_hidden_reply(topic, create, extracted, **kwargs):
        if create and extracted:
            text = extracted if isinstance(extracted, str) else "Réponse masquée"
            Post.objects.create(topic=topic, poster=topic.poster, content=text, is_hidden=True)

    @factory.post_generation
    def with_pending_reply(topic, create, extracted, **kwargs):
        if create and extracted:
            text = extracted if isinstance(extracted, str) else "Réponse en attente"
            Post.objects.create(topic=topic, poster=topic.poster, content=text, approved=False)

    @classmethod
    def _create(cls, model_class, *args, content="Comment faites-vous ?", **kwargs):
        topic = super()._create(model_class, *args, **kwargs)
        topic._content = content
        return topic
