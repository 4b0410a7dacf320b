"""Factories for what the tests build often, with traits for the states the rules are about.

- Members in each role: ``MemberFactory()`` (an approved counsellor), ``(moderator=True)``,
  ``(pilot=True)``, ``(pilot_moderator=True)``, ``(editor=True)``, ``(partner=True)``,
  ``(pending=True)``, ``(suspended=True)``, ``(admin=True)``.
- Rubrics: ``RubricFactory()`` (public, in a category of its own), ``(pilot=True)`` (the private
  one).
- Topics come with their first post: ``TopicFactory(pending=True)``, ``(pilot=True)``,
  ``(locked=True)``, ``(themes=[theme])``, ``(with_replies=2)``, ``(with_validated_answer=True)``
  (a reply by another member, validated), ``(with_hidden_reply=True, with_pending_reply=True)``;
  a reply alone: ``ReplyFactory(topic=topic, hidden=True)``.
- Offers, published in the catalogue: ``OfferFactory()`` (a service), ``(training=True)``,
  ``(funding=True)``, ``(aid_scheme=True)``, ``(national=True)``, ``(draft=True)``; audiences,
  regions and themes by slug or object.
- Reference lists: ``ThemeFactory``, ``AudienceFactory``, ``RegionFactory``, ``OperatorFactory``.
"""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from factory.django import DjangoModelFactory, Password
from machina.core.db.models import get_model

from cms.offers.models import OfferIndexPage, OfferPage
from cms.taxonomies.models import Audience, Operator, Region, Theme
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
from community.forum_conversation.answers import set_validated_post
from home.site import ensure_site

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
        suspended = factory.Trait(status=User.Status.SUSPENDED)
        admin = factory.Trait(role_groups=(), is_staff=True, is_superuser=True)

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
        pilot = factory.Trait(forum=factory.SubFactory(RubricFactory, pilot=True))
        locked = factory.Trait(status=Topic.TOPIC_LOCKED)

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
    def themes(topic, create, extracted, **kwargs):
        if create and extracted:
            topic.themes.add(*extracted)

    @factory.post_generation
    def with_replies(topic, create, extracted, poster=None, **kwargs):
        """``with_replies=2`` (each by a new member) or a list of texts; by one member:
        ``with_replies__poster=member``."""
        if create and extracted:
            texts = (
                [f"Réponse {n}" for n in range(1, extracted + 1)]
                if isinstance(extracted, int)
                else extracted
            )
            for text in texts:
                ReplyFactory(topic=topic, poster=poster or MemberFactory(), content=text)
            topic.refresh_from_db()

    @factory.post_generation
    def with_validated_answer(topic, create, extracted, poster=None, **kwargs):
        """A reply by another member (``with_validated_answer__poster``), validated through a save
        as the topic's author would; ``topic.validated_post`` is it. A text: the reply's text."""
        if create and extracted:
            text = extracted if isinstance(extracted, str) else "Voici ma réponse."
            answer = ReplyFactory(topic=topic, poster=poster or MemberFactory(), content=text)
            topic.refresh_from_db()
            set_validated_post(topic, answer)

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


class ReplyFactory(DjangoModelFactory):
    """A reply in a topic (by default in a new one), approved and visible; traits: ``hidden=True``
    (hidden by a moderator), ``pending=True`` (waiting for approval)."""

    class Meta:
        model = Post

    class Params:
        hidden = factory.Trait(is_hidden=True)
        pending = factory.Trait(approved=False)

    topic = factory.SubFactory(TopicFactory)
    poster = factory.SubFactory(MemberFactory)
    content = factory.Sequence(lambda n: f"Réponse numéro {n}")
    approved = True


class ReferenceItemFactory(DjangoModelFactory):
    """A reference list item, found again by its name (the name is unique)."""

    class Meta:
        abstract = True
        django_get_or_create = ("name",)


class ThemeFactory(ReferenceItemFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thème {n}")


class AudienceFactory(ReferenceItemFactory):
    class Meta:
        model = Audience

    name = factory.Sequence(lambda n: f"Public {n}")


class OperatorFactory(ReferenceItemFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Opérateur {n}")


class RegionFactory(ReferenceItemFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Région {n}")
    code = factory.Sequence(lambda n: f"R{n % 100:02d}")


def the_catalogue():
    """The catalogue page (/offres/), created under the home page if there is none yet."""
    return OfferIndexPage.objects.first() or ensure_site().add_child(
        instance=OfferIndexPage(title="Offres", slug="offres")
    )


def reference_items(model, items):
    """Reference list items given as objects or slugs, in the order given."""
    slugs = [item for item in items if isinstance(item, str)]
    by_slug = {item.slug: item for item in model.objects.filter(slug__in=slugs)}
    missing = set(slugs) - set(by_slug)
    assert not missing, f"no {model.__name__} with the slugs {sorted(missing)}"
    return [by_slug[item] if isinstance(item, str) else item for item in items]


class OfferFactory(DjangoModelFactory):
    """A published offer in the catalogue (``parent``, by default the catalogue): a service unless
    a trait gives another kind with the fields that kind requires."""

    class Meta:
        model = OfferPage

    class Params:
        training = factory.Trait(
            kind=OfferPage.Kind.TRAINING, duration="8 mois", modality=OfferPage.Modality.BLENDED
        )
        funding = factory.Trait(kind=OfferPage.Kind.FUNDING, funder="Région")
        aid_scheme = factory.Trait(kind=OfferPage.Kind.AID_SCHEME, funder="État")
        national = factory.Trait(is_national=True)
        draft = factory.Trait(live=False, first_published_at=None)

    title = factory.Sequence(lambda n: f"Offre {n}")
    kind = OfferPage.Kind.SERVICE
    summary = factory.LazyAttribute(lambda offer: f"Résumé de l’offre « {offer.title} ».")
    live = True
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(
        cls, model_class, *args, parent=None, audiences=(), regions=(), themes=(), **kwargs
    ):
        page = model_class(*args, **kwargs)
        page.audiences = reference_items(Audience, audiences)
        page.regions = reference_items(Region, regions)
        page.themes = reference_items(Theme, themes)
        return (parent or the_catalogue()).add_child(instance=page)
