"""Every URL of the portal, tried as every role: nobody reads or changes what they may not.

The URL patterns come from Django's resolver, so a new URL is probed as soon as it exists; a new
URL with parameters must be given real objects in ``TARGETS`` (the test says which are missing).
Each URL targets one kind of content (``public``, or something only some roles may see): every
response is searched for the secret texts of every kind the role may not see, and every POST to
a URL whose content the role may not see must leave the forum's data exactly as it was.
"""

import hashlib
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.models import PageViewRestriction

from cms.paths.models import PathIndexPage, PathPage, PathStep, StepCompletion
from cms.taxonomies.models import Theme
from community.bookmarks.models import Bookmark
from community.consultations.models import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationQuestion,
    ConsultationSubmission,
    YouSaidEntry,
)
from community.drafts.models import Draft
from community.experts.models import Referent, Routing
from community.moderation.models import ModerationLogEntry, PostReport
from community.notifications.emails import unsubscribe_token
from community.notifications.models import Notification
from community.pilot.models import Proposal
from community.pilot.permissions import ensure_inbox_permissions
from tests.factories import MemberFactory, TopicFactory

User = get_user_model()
Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")
Post = get_model("forum_conversation", "Post")
Attachment = get_model("forum_attachments", "Attachment")
TopicPoll = get_model("forum_polls", "TopicPoll")
TopicPollOption = get_model("forum_polls", "TopicPollOption")
TopicPollVote = get_model("forum_polls", "TopicPollVote")

ROLES = (
    "anonymous",
    "pending",
    "counsellor",
    "pilot",
    "moderator",
    "pilot_moderator",
    "editor",
    "partner",
    "admin",
)
STAFF = {"editor", "admin"}

# What each kind of content says, and who may read it.
SECRETS = {
    "pilot": ("Sujet confidentiel du pilote", "Secret du groupe pilote", "Vote pilote"),
    "pending": ("Sujet en attente de validation", "Réponse en attente de validation"),
    "hidden": ("Propos masqué par la modération",),
    "emails": ("ines.attente@structure.example",),
    "drafts": ("Fiche brouillon confidentielle", "Fiche réservée aux éditeurs"),
    "members": ("Proposition réservée aux membres",),
}
READERS = {
    "public": set(ROLES),
    "pilot": {"pilot", "pilot_moderator", "admin"},
    "pending": {"moderator", "pilot_moderator", "admin"},
    "hidden": {"moderator", "pilot_moderator", "admin"},
    "emails": {"moderator", "pilot_moderator", "admin"},
    "drafts": {"editor", "admin"},
    "members": set(ROLES) - {"anonymous", "pending"},
}
ATTACHMENT_BYTES = b"pilot-attachment-secret-bytes"


@pytest.fixture
def world(portal, make_member, make_offer, pilot_rubric, rubric):
    users = {
        "anonymous": None,
        "pending": MemberFactory(
            username="ines", pending=True, email="ines.attente@structure.example"
        ),
        "counsellor": MemberFactory(username="julien"),
        "pilot": MemberFactory(username="nadia", pilot=True),
        "moderator": MemberFactory(username="karim", moderator=True),
        "pilot_moderator": MemberFactory(username="lea", pilot_moderator=True),
        "editor": MemberFactory(username="editrice", editor=True),
        "partner": MemberFactory(username="camille", partner=True),
        "admin": MemberFactory(username="admin", role_groups=(), is_superuser=True),
    }
    author = make_member("auteur", "Auteur")

    public = TopicFactory(
        forum=rubric,
        poster=author,
        subject="Sujet public",
        content="Contenu public",
        with_hidden_reply="Propos masqué par la modération",
        with_pending_reply="Réponse en attente de validation",
    )
    hidden = public.posts.get(is_hidden=True)
    waiting = public.posts.get(approved=False)
    pending_topic = TopicFactory(
        forum=rubric,
        poster=author,
        subject="Sujet en attente de validation",
        content="Premier message en attente",
        pending=True,
    )
    pilot = TopicFactory(
        forum=pilot_rubric,
        poster=author,
        subject="Sujet confidentiel du pilote",
        content="Secret du groupe pilote",
    )
    poll = TopicPoll.objects.create(topic=pilot, question="Vote pilote ?")
    option = TopicPollOption.objects.create(poll=poll, text="Vote pilote oui")
    attachment = Attachment(post=pilot.first_post, comment="pilote")
    attachment.file.save("pilote.txt", ContentFile(ATTACHMENT_BYTES))
    report = PostReport.objects.create(
        post=pilot.first_post, reporter=users["pilot"], reason=PostReport.Reason.ABUSE
    )
    suspended = MemberFactory(username="suspendu", status=User.Status.SUSPENDED)
    draft = make_offer("Fiche brouillon confidentielle", publish=False)
    private = make_offer("Fiche réservée aux éditeurs")
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set(users["editor"].groups.all())
    notification = Notification.objects.create(
        recipient=users["pilot"], kind="reply", topic=pilot, post=pilot.first_post
    )
    ensure_inbox_permissions()
    referent = Referent.objects.create(
        user=users["counsellor"], theme=Theme.objects.create(name="Thématique des référents")
    )
    proposal = Proposal.objects.create(
        kind="theme",
        name="Proposition réservée aux membres",
        reason="Pour voir",
        proposer=author,
    )
    # A member's own bookmark and draft, on the pilot rubric: nobody else reads or changes them.
    bookmark = Bookmark.objects.create(
        user=users["pilot"], kind=Bookmark.Kind.TOPIC, topic=pilot, note="Secret du groupe pilote"
    )
    draft_reply = Draft.objects.create(
        user=users["pilot"], topic=pilot, content="Secret du groupe pilote"
    )
    # A path whose first step is the pilot topic: shown as unavailable to others, never marked.
    path = PathPage(title="Parcours public", introduction="Un parcours.")
    path.steps = [
        PathStep(title="Étape pilote", text="À lire.", topic=pilot, sort_order=1),
        PathStep(title="Étape publique", text="À lire.", topic=public, sort_order=2),
    ]
    PathIndexPage.ensure_under(portal)[0].add_child(instance=path)
    path.save_revision().publish()
    # A consultation of the pilot group (community/consultations): others get a 404, and "you
    # said, we did" is for members only.
    consultation = ConsultationPage(
        title="Consultation du pilote",
        intro="<p>Secret du groupe pilote</p>",
        audience="pilot",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    consultation.form_fields.add(ConsultationQuestion(label="Votre avis", field_type="singleline"))
    ConsultationIndexPage.ensure_under(portal).add_child(instance=consultation)
    consultation.save_revision().publish()
    YouSaidEntry.objects.create(
        title="Proposition réservée aux membres, retenue", proposal=proposal
    )
    return {
        "consultation": consultation,
        "path": path,
        "bookmark": bookmark,
        "draft_reply": draft_reply,
        "proposal": proposal,
        "referent": referent,
        "users": users,
        "notification": notification,
        "rubric": rubric,
        "pilot_rubric": pilot_rubric,
        "public": public,
        "hidden": hidden,
        "waiting": waiting,
        "pending_topic": pending_topic,
        "pilot": pilot,
        "poll": poll,
        "option": option,
        "attachment": attachment,
        "report": report,
        "suspended": suspended,
        "draft": draft,
        "private": private,
    }


def topic_kwargs(topic, prefix=""):
    forum = topic.forum
    return {
        "forum_slug": forum.slug,
        "forum_pk": forum.pk,
        f"{prefix}slug": topic.slug,
        f"{prefix}pk": topic.pk,
    }


def targets(w):
    """URL name -> [(kwargs, kind of content, POST data)] with the world's real objects."""
    pilot, public, pending = w["pilot"], w["public"], w["pending_topic"]
    pilot_post, waiting, hidden = pilot.first_post, w["waiting"], w["hidden"]
    reply = {"subject": "Intrusion", "content": "Intrusion dans le sujet"}
    new_topic = {**reply, "topic_type": Topic.TOPIC_POST}

    def on_topics(extra=None, prefix=""):
        return [
            (topic_kwargs(t, prefix), kind, extra or {})
            for t, kind in ((pilot, "pilot"), (pending, "pending"), (public, "public"))
        ]

    def on_posts():
        return [
            ({**topic_kwargs(p.topic, "topic_"), "pk": p.pk}, kind, reply)
            for p, kind in ((pilot_post, "pilot"), (waiting, "pending"), (hidden, "hidden"))
        ]

    def by_pk(objects, data=None):
        return [({"pk": obj.pk}, kind, data or {}) for obj, kind in objects]

    def on_rubric(forum_kwargs):
        return [
            (forum_kwargs(w["pilot_rubric"]), "pilot", new_topic),
            (forum_kwargs(w["rubric"]), "public", {}),
        ]

    topics = ((pilot, "pilot"), (pending, "pending"))
    return {
        "community:rubric": on_rubric(lambda f: {"slug": f.slug, "pk": f.pk}),
        "forum:forum": on_rubric(lambda f: {"slug": f.slug, "pk": f.pk}),
        "forum_conversation:topic_create": on_rubric(
            lambda f: {"forum_slug": f.slug, "forum_pk": f.pk}
        ),
        "community:rubric_topics_feed": [({"forum_pk": w["pilot_rubric"].pk}, "pilot", {})],
        "community:theme": [({"slug": "formation"}, "public", {})],
        "community:topic_poll_vote": by_pk([(w["poll"], "pilot")], {"options": w["option"].pk}),
        "forum_conversation:topic_poll_vote": by_pk(
            [(w["poll"], "pilot")], {"options": w["option"].pk}
        ),
        "community:report_post": [
            ({"post_pk": p.pk}, kind, {"reason": "abuse"})
            for p, kind in ((pilot_post, "pilot"), (waiting, "pending"), (hidden, "hidden"))
        ],
        "community:show_post": [({"post_pk": hidden.pk}, "hidden", {})],
        "community:validate_answer": [
            ({"post_pk": p.pk}, kind, {})
            for p, kind in ((pilot_post, "pilot"), (waiting, "pending"), (hidden, "hidden"))
        ],
        "community:remove_validation": [
            ({"topic_pk": t.pk}, kind, {}) for t, kind in ((pilot, "pilot"), (pending, "pending"))
        ],
        "community:report_action": by_pk([(w["report"], "pilot")], {"action": "hide"}),
        "community:member_decision": by_pk(
            [(w["users"]["pending"], "emails")], {"decision": "approve"}
        ),
        "community:member_reinstate": by_pk([(w["suspended"], "emails")]),
        "forum_conversation:attachment": by_pk([(w["attachment"], "pilot")]),
        "forum_conversation:topic": on_topics(),
        "forum_conversation:topic_update": on_topics(new_topic),
        "forum_conversation:post_create": on_topics(reply, prefix="topic_"),
        "forum_conversation:post_update": on_posts(),
        "forum_conversation:post_delete": on_posts(),
        "forum_member:user_posts": [({"pk": pilot.poster_id}, "public", {})],
        "forum_member:profile": [({"pk": pilot.poster_id}, "public", {})],
        "forum_member:topic_subscribe": by_pk(topics),
        "forum_member:topic_unsubscribe": by_pk(topics),
        **{
            f"forum_moderation:{name}": [
                ({"slug": t.slug, "pk": t.pk}, kind, {"forum": w["rubric"].pk})
                for t, kind in topics
            ]
            for name in (
                "topic_lock",
                "topic_unlock",
                "topic_delete",
                "topic_move",
                "topic_update_to_post",
                "topic_update_to_sticky",
                "topic_update_to_announce",
            )
        },
        **{
            f"forum_moderation:{name}": by_pk([(pilot_post, "pilot"), (waiting, "pending")])
            for name in ("queued_post", "approve_queued_post", "disapprove_queued_post")
        },
        "contributions:report_error": [
            ({"page_pk": w["draft"].pk}, "drafts", {"text": "Intrusion"}),
            ({"page_pk": w["private"].pk}, "drafts", {"text": "Intrusion"}),
        ],
        "contributions:make_fiche": [
            ({"topic_pk": t.pk}, kind, {}) for t, kind in ((pilot, "pilot"), (pending, "pending"))
        ],
        # Routing a question (community/experts): never one the role may not see.
        **{
            f"experts:{name}": [
                ({"topic_pk": t.pk}, kind, {"members": [w["users"]["pilot"].pk], "handle": "nadia"})
                for t, kind in ((pilot, "pilot"), (pending, "pending"))
            ]
            for name in ("request_help", "assign")
        },
        "experts:remove_referent": by_pk([(w["referent"], "emails")]),
        # A member's own bookmarks and drafts (community/bookmarks, community/drafts).
        "bookmarks:note": by_pk([(w["bookmark"], "pilot")], {"note": "Intrusion"}),
        "bookmarks:delete": by_pk([(w["bookmark"], "pilot")]),
        "drafts:delete": by_pk([(w["draft_reply"], "pilot")]),
        # Paths (cms/paths): a step on a topic the role may not read is never marked done.
        "paths:start": by_pk([(w["path"], "public")]),
        "paths:step": by_pk([(w["path"].steps.get(topic=pilot), "pilot")], {"done": "1"}),
        # Similar questions while a question is typed: only topics the reader may see.
        "community:similar_questions": [
            ({"forum_pk": w["pilot_rubric"].pk}, "pilot", {"sujet": "Sujet confidentiel"}),
            ({"forum_pk": w["rubric"].pk}, "public", {"sujet": "Sujet en attente"}),
        ],
        "community:open_suggestion": [
            ({"topic_pk": t.pk}, kind, {}) for t, kind in ((pilot, "pilot"), (pending, "pending"))
        ],
        "forum_tracking:mark_subforums_read": by_pk([(w["pilot_rubric"], "pilot")]),
        "forum_tracking:mark_topics_read": by_pk([(w["pilot_rubric"], "pilot")]),
        "notifications:open": by_pk([(w["notification"], "pilot")]),
        "notifications:unsubscribe": [
            ({"token": unsubscribe_token(w["users"]["pilot"], "reply")}, "public", {})
        ],
        **{
            f"pilot:{name}": by_pk([(w["proposal"], "members")], {"decision": "accept"})
            for name in ("proposal_support", "proposal_withdraw", "proposal_decision")
        },
        "accounts:confirm_email": [({"uidb64": "MQ", "token": "x-y"}, "public", {})],
        "accounts:password_reset_confirm": [({"uidb64": "MQ", "token": "x-y"}, "public", {})],
        "videos:embed": [],  # videos: tests/cms/videos/test_videos_embedding.py
        "wagtailapi:videos:detail": [],
        "wagtailapi:offers:detail": [({"pk": w["draft"].pk}, "drafts", {})],
        # "Suivre cette fiche": live public pages only (tests/cms/offers/test_news_rechecks.py).
        "follow_page": [
            ({"page_id": page.pk}, "drafts", {"follow": "1"}) for page in (w["draft"], w["private"])
        ],
        "wagtailapi:news:detail": [],
        "wagtaildocs_serve": [],
        "wagtaildocs_authenticate_with_password": [],
        "wagtailcore_authenticate_with_password": [],
        # Signed by partners' keys; tests/cms/transfer/test_transfer_security.py signs them.
        "wagtail_transfer_pages": [((w["draft"].pk,), "drafts", {})],
        "wagtail_transfer_model": [({"model_path": "accounts.user"}, "public", {})],
        "wagtail_transfer_model_object": [
            ({"model_path": "accounts.user", "object_id": w["users"]["pending"].pk}, "public", {})
        ],
        "wagtail_transfer_page_chooser_api:pages:detail": [({"pk": w["draft"].pk}, "drafts", {})],
        "wagtail_transfer_page_chooser_api:models:detail": [
            ({"model_path": "accounts.user"}, "public", {})
        ],
        "wagtail_serve": [
            (("",), "public", {}),
            ((w["draft"].url_path.removeprefix("/home/"),), "drafts", {}),
            ((w["private"].url_path.removeprefix("/home/"),), "drafts", {}),
            ((w["path"].url_path.removeprefix("/home/"),), "public", {}),
            (
                (w["consultation"].url_path.removeprefix("/home/"),),
                "pilot",
                {"votre_avis": "Intrusion"},
            ),
        ],
    }


def walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry


PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)|\((?!\?:)[^)]*\)")


def build(route, kwargs=None, args=()):
    """The path of ``route`` with its parameters filled (``kwargs`` by name, ``args`` in order)."""
    kwargs, args = dict(kwargs or {}), list(args)

    def fill(match):
        name = match.group(2) or match.group(3)
        if name and name in kwargs:
            return str(kwargs[name])
        if args:
            return str(args.pop(0))
        return "1" if (match.group(1) == "int" or "\\d" in match.group(0)) else "x"

    path = PARAMETER.sub(fill, route)
    path = path.replace("^", "").replace("$", "").replace("\\", "").replace("(?:", "")
    return "/" + path.replace("//", "/")


def public_routes():
    for route, name, _ in walk(get_resolver()):
        if route.startswith(("admin/", "django-admin/", "^static", "^media")):
            continue
        yield route, name


def admin_routes():
    for route, name, _ in walk(get_resolver()):
        if route.startswith(("admin/", "django-admin/")):
            yield route, name


def fingerprint():
    """Everything a forum write could change, as one digest."""
    rows = [
        list(
            Topic.objects.order_by("pk").values_list(
                "pk", "forum", "status", "type", "approved", "validated_post"
            )
        ),
        list(Post.objects.order_by("pk").values_list("pk", "approved", "is_hidden", "content")),
        list(Topic.subscribers.through.objects.order_by("pk").values_list("pk")),
        TopicPollVote.objects.count(),
        Attachment.objects.count(),
        list(PostReport.objects.order_by("pk").values_list("pk", "status")),
        ModerationLogEntry.objects.count(),
        list(User.objects.order_by("pk").values_list("pk", "status")),
        list(Proposal.objects.order_by("pk").values_list("pk", "status")),
        Proposal.supports.rel.related_model.objects.count(),
        Forum.objects.count(),
        list(Routing.objects.order_by("pk").values_list("pk", "member", "kind", "ended_at")),
        list(Referent.objects.order_by("pk").values_list("pk")),
        list(Bookmark.objects.order_by("pk").values_list("pk", "note")),
        list(Draft.objects.order_by("pk").values_list("pk", "content")),
        ConsultationSubmission.objects.count(),
        list(StepCompletion.objects.order_by("pk").values_list("pk")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def leaked(role, body):
    return [
        text
        for kind, texts in SECRETS.items()
        if role not in READERS[kind]
        for text in texts
        if text in body
    ]


def sign_in(client, world, role):
    client.logout()
    if world["users"][role] is not None:
        client.force_login(world["users"][role])


def body_of(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


# Pages that read what they show from the query string (the rest get their POST data only).
GET_WITH_QUERY = {"community:similar_questions"}


def test_every_public_url_as_every_role(client, world):
    table = targets(world)
    probes, missing = [], []
    for route, name in public_routes():
        if not PARAMETER.search(route) or name == "wagtail_serve" and name not in table:
            probes.append((route, name, {}, "public", {}))
        elif name in table:
            probes += [(route, name, kwargs, kind, data) for kwargs, kind, data in table[name]]
        else:
            missing.append(f"{name} ({route})")
    assert not missing, f"give these URLs real objects in TARGETS: {missing}"

    problems, requests = [], 0
    for role in ROLES:
        sign_in(client, world, role)
        for route, name, kwargs, kind, data in probes:
            args = kwargs if isinstance(kwargs, tuple) else ()
            path = build(route, None if args else kwargs, args)
            response = client.get(path, data if name in GET_WITH_QUERY else None)
            requests += 1
            label = f"{role} GET {path} ({name})"
            if response.status_code >= 500:
                problems.append(f"{label}: {response.status_code}")
            if found := leaked(role, body_of(response)):
                problems.append(f"{label}: shows {found}")
            if role in READERS[kind] or kind == "public":
                continue
            before = fingerprint()
            response = client.post(path, data)
            requests += 1
            label = f"{role} POST {path} ({name})"
            if (
                response.status_code >= 500
                or response.status_code in (200, 201)
                and name in ("forum_attachments:attachment",)
            ):
                problems.append(f"{label}: {response.status_code}")
            if found := leaked(role, body_of(response)):
                problems.append(f"{label}: shows {found}")
            if fingerprint() != before:
                problems.append(f"{label}: changed the forum's data")
    assert not problems, "\n".join(problems)
    # The size of the matrix, for the record: patterns × roles, GET and POST.
    assert len(probes) >= 80 and requests >= len(probes) * len(ROLES)


NON_STAFF = ("anonymous", "pending", "counsellor", "pilot", "partner")
# Admin pages anyone may open: sign-in, password reset, and the scripts and icons of those pages.
OPEN_ADMIN = re.compile(r"(login|password_reset|jsi18n|logout|sprite)")
# Moderators enter the Wagtail admin for the community dashboard and the beta feedback inbox:
# besides them, they open only what
# Wagtail gives every admin user (home, account, choosers and listings filtered by permissions).
MODERATORS = ("moderator", "pilot_moderator")
MODERATOR_ADMIN = re.compile(
    r"^admin/(communaute/tableau-de-bord/|avis-beta/|consultations/|vous-avez-dit/|account/|$|test404/|api/main/\^(pages|documents|images)/$"
    r"|pages/.*/move/|pages/workflow/confirm_cancellation/|choose-|tag-autocomplete/"
    r"|workflows/task_chooser/|reports/site-history/)"
)
# Wagtail's own failures for any admin user: its deliberate error page, and moving the root page
# (no parent) answers 500.
WAGTAIL_ERRORS = ("admin/failwhale/", "admin/pages/<int:page_to_move_id>/set_position/")


@pytest.mark.parametrize("roles", [NON_STAFF, MODERATORS], ids=["non-staff", "moderators"])
def test_no_admin_url_opens_to_a_non_staff_role(client, world, roles):
    routes = list(admin_routes())
    assert len(routes) > 300
    allowed = OPEN_ADMIN if roles == NON_STAFF else MODERATOR_ADMIN
    client.raise_request_exception = False
    problems = []
    for role in roles:
        sign_in(client, world, role)
        for route, name in routes:
            if route in WAGTAIL_ERRORS and roles == MODERATORS:
                continue
            path = build(route, {"pk": world["pilot"].pk})
            response = client.get(path)
            label = f"{role} GET {path} ({name})"
            if response.status_code >= 500:
                problems.append(f"{label}: {response.status_code}")
            elif (
                response.status_code == 200
                and not OPEN_ADMIN.search(route)
                and not allowed.search(route)
            ):
                problems.append(f"{label}: 200")
            if found := leaked(role, body_of(response)):
                problems.append(f"{label}: shows {found}")
    assert not problems, "\n".join(problems)


def test_the_attachment_of_a_private_rubric_downloads_only_for_its_members(client, world):
    url = f"/forum/attachment/{world['attachment'].pk}/"
    for role in ROLES:
        sign_in(client, world, role)
        response = client.get(url)
        served = response.status_code == 200 and ATTACHMENT_BYTES in body_of(response).encode()
        assert served == (role in READERS["pilot"]), role
