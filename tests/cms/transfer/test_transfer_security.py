"""wagtail-transfer's API at /wagtail-transfer/: a strong key; only published, public content."""

import hashlib
import hmac
import json
import secrets
import stat
import time
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import Comment, PageViewRestriction

from cms.offers.models import OfferPage
from cms.taxonomies.models import Theme
from cms.transfer.checks import check_transfer_configuration
from cms.transfer.keys import key_problem, local_transfer_key
from cms.videos.models import Partner
from tests.conftest import start_production

STRONG_KEY = secrets.token_urlsafe(48)


def digest(message, key=None):
    """The HMAC-SHA1 wagtail-transfer's importer signs its requests with."""
    key = settings.WAGTAILTRANSFER_SECRET_KEY if key is None else key
    return hmac.new(key.encode(), message.encode(), hashlib.sha1).hexdigest()


def time_headers(signed_digest, key=None, sent=None):
    """The signed time ComCep's importer adds to each request: when it was sent, and an
    HMAC-SHA256 of that time and the request's digest (cms/transfer/timestamps.py)."""
    key = settings.WAGTAILTRANSFER_SECRET_KEY if key is None else key
    timestamp = str(int(time.time() if sent is None else sent))
    message = f"comcep-transfer\n{timestamp}\n{signed_digest}"
    return {
        "X-Transfer-Timestamp": timestamp,
        "X-Transfer-Signature": hmac.new(
            key.encode(), message.encode(), hashlib.sha256
        ).hexdigest(),
    }


def signed_get(client, url, message, key=None, **params):
    """A GET as ComCep's importer sends it: the digest of ``message`` and the signed time."""
    signed = digest(message, key)
    return client.get(url, {**params, "digest": signed}, headers=time_headers(signed, key))


def chooser_get(client, url, query, key=None):
    """The chooser API signs its whole query string."""
    signed = digest(query, key)
    return client.get(f"{url}?{query}&digest={signed}", headers=time_headers(signed, key))


def export(client, path, message, key=None):
    return signed_get(client, f"/wagtail-transfer/api/{path}", message, key)


def readable(response):
    """The response as a reader sees it: JSON without its \\u escapes, so that accents match."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def exported_titles(response):
    assert response.status_code == 200, response.content
    return {obj["fields"].get("title") for obj in response.json()["objects"]}


# --- Production refuses to start without strong keys -------------------------------------------


@pytest.mark.parametrize("transfer_key", ["", "short-key", "dev-only-transfer-key", "x" * 49])
def test_production_refuses_an_empty_short_or_public_transfer_key(transfer_key):
    result = start_production(WAGTAILTRANSFER_SECRET_KEY=transfer_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: WAGTAILTRANSFER_SECRET_KEY" in result.stderr


# Fifty characters or more, and no chance in them: one character, a repeated pattern, a sequence.
LOW_ENTROPY_KEYS = {
    "one character": ("x" * 50, "distinct characters"),
    "two characters": ("ab" * 30, "distinct characters"),
    "a repeated word": ("Passw0rd-2026!" * 4, "predictable"),
    "the alphabet in order": (
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "predictable",
    ),
}


@pytest.mark.parametrize(
    ("transfer_key", "reason"), LOW_ENTROPY_KEYS.values(), ids=LOW_ENTROPY_KEYS.keys()
)
def test_production_refuses_a_long_but_low_entropy_transfer_key(transfer_key, reason):
    result = start_production(WAGTAILTRANSFER_SECRET_KEY=transfer_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: WAGTAILTRANSFER_SECRET_KEY" in result.stderr
    assert reason in result.stderr


@pytest.mark.parametrize(("transfer_key", "reason"), LOW_ENTROPY_KEYS.values())
def test_check_flags_a_low_entropy_key_and_the_api_refuses_it(client, db, transfer_key, reason):
    with override_settings(WAGTAILTRANSFER_SECRET_KEY=transfer_key):
        (message,) = [m for m in check_transfer_configuration() if m.id == "comcep.E001"]
        assert reason in message.msg
        # Correctly signed with that key, a request still gets nothing.
        response = export(client, "models/taxonomies.theme/", "taxonomies.theme")
        assert response.status_code == 403


@pytest.mark.parametrize(
    "make_key",
    [
        lambda: secrets.token_urlsafe(48),
        lambda: secrets.token_urlsafe(38),
        lambda: secrets.token_hex(32),
        lambda: secrets.token_hex(25),
    ],
    ids=["base64 64 chars", "base64 51 chars", "hex 64 chars", "hex 50 chars"],
)
def test_random_keys_of_the_usual_alphabets_pass(make_key):
    keys = [make_key() for _ in range(500)]
    assert [key for key in keys if key_problem(key)] == []


def test_the_test_suites_key_is_still_known_as_public():
    assert key_problem(settings.WAGTAILTRANSFER_SECRET_KEY) == "is a public value"
    assert "comcep.E001" in check_ids()


@pytest.mark.parametrize("source_key", ["", "too-short"])
def test_production_refuses_a_source_without_a_strong_key(source_key):
    result = start_production(
        WAGTAILTRANSFER_SECRET_KEY=STRONG_KEY,
        WAGTAILTRANSFER_SOURCE_URL="https://source.example/wagtail-transfer/",
        WAGTAILTRANSFER_SOURCE_SECRET_KEY=source_key,
    )
    assert result.returncode != 0
    assert "The SECRET_KEY of the wagtail-transfer source 'source'" in result.stderr


def test_production_starts_with_strong_transfer_keys():
    result = start_production(
        WAGTAILTRANSFER_SECRET_KEY=STRONG_KEY,
        WAGTAILTRANSFER_SOURCE_URL="https://source.example/wagtail-transfer/",
        WAGTAILTRANSFER_SOURCE_SECRET_KEY=secrets.token_urlsafe(48),
    )
    assert result.returncode == 0, result.stderr


def test_development_key_is_random_per_installation_and_kept(tmp_path):
    first = local_transfer_key(tmp_path / "one" / "transfer-key")
    assert len(first) >= 50
    assert local_transfer_key(tmp_path / "one" / "transfer-key") == first
    assert local_transfer_key(tmp_path / "two" / "transfer-key") != first
    mode = (tmp_path / "one" / "transfer-key").stat().st_mode
    assert not mode & (stat.S_IRWXG | stat.S_IRWXO)


# --- The key guards the API --------------------------------------------------------------------


def test_a_signed_request_reads_an_allowed_model_and_a_forged_one_is_refused(client, db):
    Theme.objects.create(name="Reconversion", slug="reconversion-test")
    assert export(client, "models/taxonomies.theme/", "taxonomies.theme").status_code == 200
    assert "Reconversion" in readable(
        export(client, "models/taxonomies.theme/", "taxonomies.theme")
    )

    forged = export(client, "models/taxonomies.theme/", "taxonomies.theme", key="")
    assert forged.status_code == 403


# --- Each request carries a signed time: a captured request cannot be replayed later ------------


def test_a_request_without_its_signed_time_is_refused(client, db):
    Theme.objects.create(name="Reconversion", slug="reconversion-test")
    url, message = "/wagtail-transfer/api/models/taxonomies.theme/", "taxonomies.theme"
    assert signed_get(client, url, message).status_code == 200
    # wagtail-transfer's own request: the digest alone, as a plain wagtail-transfer importer sends.
    response = client.get(url, {"digest": digest(message)})
    assert response.status_code == 403
    assert "Reconversion" not in readable(response)


@pytest.mark.parametrize(
    ("seconds_ago", "status"),
    [(0, 200), (4 * 60, 200), (6 * 60, 403), (24 * 3600, 403), (-6 * 60, 403)],
    ids=["now", "4 min ago", "6 min ago", "a day ago", "6 min ahead"],
)
def test_a_request_older_than_five_minutes_is_refused(client, db, seconds_ago, status):
    Theme.objects.create(name="Reconversion", slug="reconversion-test")
    signed = digest("taxonomies.theme")
    response = client.get(
        "/wagtail-transfer/api/models/taxonomies.theme/",
        {"digest": signed},
        headers=time_headers(signed, sent=time.time() - seconds_ago),
    )
    assert response.status_code == status
    assert ("Reconversion" in readable(response)) == (status == 200)


def test_a_replayed_request_with_a_new_time_but_no_key_is_refused(client, db, page_tree):
    """An attacker who captured a request can change its time, but cannot sign the new time."""
    root = page_tree["root"]
    signed = digest(str(root.pk))
    captured = time_headers(signed, sent=time.time() - 3600)
    url = f"/wagtail-transfer/api/pages/{root.pk}/"
    assert client.get(url, {"digest": signed}, headers=captured).status_code == 403
    retimed = {**captured, "X-Transfer-Timestamp": str(int(time.time()))}
    assert client.get(url, {"digest": signed}, headers=retimed).status_code == 403
    # A fresh time signed for another request's digest does not fit this one.
    other = time_headers(digest("taxonomies.theme"))
    assert client.get(url, {"digest": signed}, headers=other).status_code == 403
    # A fresh time signed with another key neither.
    forged = time_headers(signed, key=STRONG_KEY)
    assert client.get(url, {"digest": signed}, headers=forged).status_code == 403
    assert client.get(url, {"digest": signed}, headers=time_headers(signed)).status_code == 200


@pytest.mark.parametrize("header", ["", "1e9", "-5", "１２３", "9" * 40])
def test_a_malformed_time_is_refused(client, db, header):
    signed = digest("taxonomies.theme")
    headers = {**time_headers(signed), "X-Transfer-Timestamp": header}
    response = client.get(
        "/wagtail-transfer/api/models/taxonomies.theme/", {"digest": signed}, headers=headers
    )
    assert response.status_code == 403


def test_the_chooser_and_objects_endpoints_check_the_time_too(client, db, make_offer):
    public = make_offer("Offre publique exportée")
    query = "limit=20"
    url = "/wagtail-transfer/api/chooser/pages/"
    assert chooser_get(client, url, query).status_code == 200
    assert client.get(f"{url}?{query}&digest={digest(query)}").status_code == 403
    old = time_headers(digest(query), sent=time.time() - 3600)
    assert client.get(f"{url}?{query}&digest={digest(query)}", headers=old).status_code == 403

    body = json.dumps({"wagtailcore.page": [public.pk]})
    objects = f"/wagtail-transfer/api/objects/?digest={digest(body)}"
    for headers, status in [
        ({}, 403),
        (time_headers(digest(body), sent=time.time() - 3600), 403),
        (time_headers(digest(body)), 200),
    ]:
        response = client.post(objects, body, content_type="application/json", headers=headers)
        assert response.status_code == status
        assert ("Offre publique exportée" in readable(response)) == (status == 200)


@pytest.mark.django_db(transaction=True)
def test_the_importer_signs_the_time_of_its_requests_to_a_live_source(
    client, live_server, portal, make_member, make_offer, settings
):
    """The import screen's chooser, through this instance's proxy, reads a live ComCep source over
    HTTP: the source answers only requests whose signed time it checked."""
    make_offer("Offre publique exportée")
    settings.WAGTAILTRANSFER_SECRET_KEY = STRONG_KEY
    source = {"BASE_URL": f"{live_server.url}/wagtail-transfer/", "SECRET_KEY": STRONG_KEY}
    settings.WAGTAILTRANSFER_SOURCES = {"miroir": source}
    client.force_login(make_member(username="admin", groups=(), is_superuser=True, is_staff=True))
    proxy = "/admin/wagtail-transfer/api/chooser-proxy/miroir/"
    response = client.get(proxy, {"limit": "50"}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.content
    titles = {item["title"] for item in json.loads(response.content)["items"]}
    assert "Offre publique exportée" in titles

    # The same proxy towards a source that holds another key: the source's refusal is passed on.
    settings.WAGTAILTRANSFER_SOURCES = {"miroir": {**source, "SECRET_KEY": secrets.token_hex(32)}}
    response = client.get(proxy, {"limit": "50"}, headers={"Accept": "application/json"})
    assert response.status_code == 403


@override_settings(WAGTAILTRANSFER_SECRET_KEY="")
def test_with_an_empty_key_even_a_correct_digest_is_refused(client, make_member):
    make_member(username="victime", email="victime@operateur.example")
    for path, message in [
        ("models/taxonomies.theme/", "taxonomies.theme"),
        ("models/accounts.user/", "accounts.user"),
    ]:
        response = export(client, path, message, key="")
        assert response.status_code == 403
        assert "victime@operateur.example" not in readable(response)


# --- Sensitive models are never exported -------------------------------------------------------


@pytest.fixture
def sensitive_data(make_member, make_topic):
    member = make_member(username="victime", email="victime@operateur.example")
    topic = make_topic(member, subject="Sujet interne du forum", content="Contenu privé du forum")
    member_client = Client()
    member_client.force_login(member)
    Partner.objects.create(
        name="Intranet", origins="https://intranet.example", contact_email="contact@partner.example"
    )
    return {
        "member": member,
        "topic": topic,
        "secrets": [
            "victime@operateur.example",
            member.password,
            "Sujet interne du forum",
            "Contenu privé du forum",
            "contact@partner.example",
            Session.objects.get().session_key,
        ],
    }


@pytest.mark.parametrize(
    "label",
    [
        "accounts.user",
        "auth.group",
        "auth.permission",
        "sessions.session",
        "forum.forum",
        "forum_conversation.topic",
        "forum_conversation.post",
        "forum_member.forumprofile",
        "wagtailcore.revision",
        "wagtailcore.pageviewrestriction",
        "videos.partner",
        "admin.logentry",
    ],
)
def test_a_signed_request_for_a_sensitive_model_gets_nothing(client, sensitive_data, label):
    assert Group.objects.exists() and Permission.objects.exists()
    response = export(client, f"models/{label}/", label)
    assert response.status_code == 404
    for secret in sensitive_data["secrets"]:
        assert secret not in readable(response)


def test_a_signed_request_for_one_member_gets_nothing(client, sensitive_data):
    member = sensitive_data["member"]
    response = export(client, f"models/accounts.user/{member.pk}/", "accounts.user")
    assert response.status_code == 404
    assert member.email not in readable(response)


def test_unknown_or_malformed_model_labels_answer_404(client, db):
    for label in ["nothing.here", "accounts"]:
        assert export(client, f"models/{label}/", label).status_code == 404


def test_the_objects_endpoint_leaves_sensitive_objects_out(client, sensitive_data, make_offer):
    member, topic = sensitive_data["member"], sensitive_data["topic"]
    public = make_offer("Offre publique exportée")
    draft = make_offer("Offre brouillon secrète", publish=False)
    body = json.dumps(
        {
            "accounts.user": [member.pk],
            "auth.group": list(Group.objects.values_list("pk", flat=True)),
            "forum_conversation.topic": [topic.pk],
            "forum_conversation.post": [topic.first_post_id],
            "sessions.session": [Session.objects.get().pk],
            "wagtailcore.page": [public.pk, draft.pk],
        }
    )
    response = client.post(
        f"/wagtail-transfer/api/objects/?digest={digest(body)}",
        body,
        content_type="application/json",
        headers=time_headers(digest(body)),
    )
    assert exported_titles(response) == {"Offre publique exportée"}
    assert {obj["model"] for obj in response.json()["objects"]} == {"offers.offerpage"}
    for secret in sensitive_data["secrets"]:
        assert secret not in readable(response)


def test_snippet_chooser_lists_reference_lists_but_not_partners(client, sensitive_data):
    query = "limit=20"
    listing = chooser_get(client, "/wagtail-transfer/api/chooser/models/", query)
    assert listing.status_code == 200
    labels = {item["model_label"] for item in listing.json()["items"]}
    assert "taxonomies.theme" in labels
    assert "videos.partner" not in labels

    partners = chooser_get(client, "/wagtail-transfer/api/chooser/models/videos.partner/", query)
    assert partners.status_code == 404
    assert "contact@partner.example" not in readable(partners)


# --- Only published, public pages --------------------------------------------------------------


@pytest.fixture
def page_tree(portal, make_offer, make_member):
    public = make_offer("Offre publique exportée")
    Comment.objects.create(
        page=public,
        user=make_member(username="editrice", groups=()),
        text="Commentaire éditorial interne",
        contentpath="title",
    )
    draft = make_offer("Offre brouillon secrète", publish=False)
    private = make_offer("Offre réservée aux membres")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="motdepasse"
    )
    private_child = private.add_child(
        instance=OfferPage(
            title="Sous-page de la section privée",
            kind=OfferPage.Kind.SERVICE,
            summary="Résumé.",
            live=True,
            first_published_at=timezone.now(),
        )
    )
    scheduled = make_offer("Offre programmée pour demain", publish=False)
    scheduled.go_live_at = timezone.now() + timezone.timedelta(days=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    return {
        "root": portal,
        "public": public,
        "draft": draft,
        "private": private,
        "private_child": private_child,
        "scheduled": scheduled,
    }


HIDDEN_TEXTS = [
    "Offre brouillon secrète",
    "Offre réservée aux membres",
    "Sous-page de la section privée",
    "Offre programmée pour demain",
    "Commentaire éditorial interne",
    "motdepasse",
]


def test_page_export_holds_live_public_pages_only(client, page_tree):
    root = page_tree["root"]
    response = export(client, f"pages/{root.pk}/", str(root.pk))
    titles = exported_titles(response)
    assert "Offre publique exportée" in titles
    assert root.title in titles
    for text in HIDDEN_TEXTS:
        assert text not in readable(response)
    imported_ids = {pk for _label, pk in response.json()["ids_for_import"]}
    assert page_tree["public"].pk in imported_ids
    assert page_tree["draft"].pk not in imported_ids


@pytest.mark.parametrize("page", ["draft", "private", "private_child", "scheduled"])
def test_a_hidden_page_cannot_be_the_root_of_an_export(client, page_tree, page):
    page_id = page_tree[page].pk
    for params in [{}, {"recursive": "false"}]:
        response = signed_get(
            client, f"/wagtail-transfer/api/pages/{page_id}/", str(page_id), **params
        )
        assert response.status_code == 404
        assert page_tree[page].title not in readable(response)


def test_page_models_export_live_public_pages_only(client, page_tree):
    response = export(client, "models/offers.offerpage/", "offers.offerpage")
    assert exported_titles(response) == {"Offre publique exportée"}
    draft = page_tree["draft"]
    one = export(client, f"models/offers.offerpage/{draft.pk}/", "offers.offerpage")
    assert one.status_code == 404


def test_page_chooser_shows_live_public_pages_only(client, page_tree):
    query = "limit=50"
    response = chooser_get(client, "/wagtail-transfer/api/chooser/pages/", query)
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert "Offre publique exportée" in titles
    for text in HIDDEN_TEXTS:
        assert text not in titles


@override_settings(WAGTAILTRANSFER_EXPORT_UNPUBLISHED=True)
def test_a_trusted_instance_may_receive_unpublished_pages_but_no_comments(client, page_tree):
    root = page_tree["root"]
    response = export(client, f"pages/{root.pk}/", str(root.pk))
    titles = exported_titles(response)
    assert {"Offre brouillon secrète", "Offre réservée aux membres"} <= titles
    assert "Commentaire éditorial interne" not in readable(response)
    assert "motdepasse" not in readable(response)


# --- check_uid ---------------------------------------------------------------------------------


def test_check_uid_answers_400_on_a_malformed_uid_and_404_on_an_unknown_one(client, make_member):
    admin = make_member(username="admin", groups=(), is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = "/admin/wagtail-transfer/api/check_uid/"
    assert client.get(url, {"uid": "x"}).status_code == 400
    assert client.get(url).status_code == 400
    assert client.get(url, {"uid": str(uuid.uuid4())}).status_code == 404


def test_check_uid_stays_behind_the_admin_sign_in(client, db):
    response = client.get("/admin/wagtail-transfer/api/check_uid/", {"uid": "x"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- System checks -----------------------------------------------------------------------------


def check_ids():
    return {message.id for message in check_transfer_configuration()}


@override_settings(WAGTAILTRANSFER_SECRET_KEY=STRONG_KEY)
def test_the_project_configuration_passes_the_transfer_checks(db):
    assert check_ids() == set()


@pytest.mark.parametrize("key", ["", "short", "dev-only-transfer-key"])
def test_check_flags_a_weak_transfer_key(key):
    with override_settings(WAGTAILTRANSFER_SECRET_KEY=key):
        assert "comcep.E001" in check_ids()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"BASE_URL": "https://source.example/wagtail-transfer/"}, "comcep.E002"),
        (
            {"BASE_URL": "https://source.example/wagtail-transfer/", "SECRET_KEY": "x"},
            "comcep.E002",
        ),
        ({"BASE_URL": "https://source.example/", "SECRET_KEY": STRONG_KEY}, "comcep.E003"),
    ],
)
def test_check_flags_an_unsafe_source(source, expected):
    with override_settings(
        WAGTAILTRANSFER_SECRET_KEY=STRONG_KEY, WAGTAILTRANSFER_SOURCES={"source": source}
    ):
        assert check_ids() == {expected}


def test_check_flags_a_no_follow_list_missing_sensitive_models():
    with override_settings(
        WAGTAILTRANSFER_SECRET_KEY=STRONG_KEY,
        WAGTAILTRANSFER_NO_FOLLOW_MODELS=["wagtailcore.page", "contenttypes.contenttype"],
    ):
        messages = check_transfer_configuration()
    assert [message.id for message in messages] == ["comcep.E004"]
    for label in ["accounts.user", "auth.group", "forum_conversation.post", "sessions.session"]:
        assert label in messages[0].msg


def test_check_flags_sensitive_models_on_the_allow_list_and_unpublished_exports():
    with override_settings(
        WAGTAILTRANSFER_SECRET_KEY=STRONG_KEY,
        WAGTAILTRANSFER_EXPORTABLE_MODELS=[
            *settings.WAGTAILTRANSFER_EXPORTABLE_MODELS,
            "accounts.User",
        ],
        WAGTAILTRANSFER_EXPORT_UNPUBLISHED=True,
    ):
        assert check_ids() == {"comcep.E005", "comcep.W001"}


def test_manage_py_check_fails_on_an_unsafe_transfer_configuration():
    with (
        override_settings(WAGTAILTRANSFER_SECRET_KEY="", SILENCED_SYSTEM_CHECKS=[]),
        pytest.raises(SystemCheckError, match="comcep.E001"),
    ):
        call_command("check")
