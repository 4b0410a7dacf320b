"""Crafted input answers 400 or 404 (never 500); anonymous readers cost no session row; editors
preview news pages."""

import contextlib
import io
import itertools
from collections import Counter
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.regex_helper import normalize
from machina.core.db.models import get_model
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Collection, Page, Site, Task, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.api import api_router
from cms.news.models import NewsPage
from cms.offers.models import OfferPage
from cms.structures import demo as structures_demo
from cms.taxonomies.models import Theme
from cms.videos.models import VideoPage
from community.moderation.models import PostReport
from community.notifications.models import Follow, Notification
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import post_update_url, rubric_url, topic_url
from tests.conftest import PASSWORD, text_of

User = get_user_model()
Topic = get_model("forum_conversation", "Topic")

# Every filter of every read API endpoint, and the search parameter.
API_FILTERS = [
    (name, parameter)
    for name, endpoint in api_router._endpoints.items()
    for parameter in [*endpoint.reference_filters, "search"]
]
assert len(API_FILTERS) >= 12, API_FILTERS  # videos 2, offers 5, news 2, plus search on each

CRAFTED_URLS = [
    "/forum/member/profile/x/",
    "/forum/member/profile/%00/",
    "/forum/member/profile/1%00/",
    "/forum/member/profile/99999999999999999999999/",
    "/%00/",
    "/actualites/%00/",
    "/offres/?q=%00",
    "/api/v2/news/find/?html_path=%00",
    "/api/v2/news/find/?html_path=/actualites/%00/",
    "/oembed/?url=http://testserver/videos/%00/",
    "/oembed/?url=%00",
    "/oembed/?url=http://[::1/",
    "/oembed/?url=http://testserver:99999/videos/",
    "/embed/videos/99999999999999999999999/",
    "/api/v2/news/99999999999999999999999/",
    "/api/v2/news/find/?id=x",
    "/api/v2/news/find/?id=99999999999999999999999",
    "/forum/member/profile/x/posts/",
    *[f"/api/v2/{name}/?{parameter}=%00" for name, parameter in API_FILTERS],
]


@pytest.fixture
def site_content(portal, make_offer, make_news, make_video, counsellor, make_topic):
    """One page of each public kind, and a topic in a public rubric."""
    structures_demo.load(portal, io.StringIO())
    offer = make_offer("Bilan de compétences")
    news = make_news("Le CEP a dix ans")
    video = make_video()
    topic = make_topic(counsellor)
    return {"offer": offer, "news": news, "video": video, "topic": topic}


def test_crafted_urls_answer_400_or_404(client, site_content, counsellor):
    """Every crafted address, against one site's content (built once: it is the costly part)."""
    answers = {url: client.get(url).status_code for url in CRAFTED_URLS}
    client.force_login(counsellor)
    for url in ("/forum/member/profile/x/", "/api/v2/news/?theme=%00"):
        answers[f"{url} (member)"] = client.get(url).status_code
    wrong = {url: status for url, status in answers.items() if status not in {400, 404}}
    assert not wrong, wrong
    assert len(answers) == len(CRAFTED_URLS) + 2


def test_an_ordinary_api_filter_still_works(client, site_content):
    response = client.get("/api/v2/news/?search=dix")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Le CEP a dix ans"]
    assert client.get("/api/v2/offers/?region=bretagne").status_code == 200


def public_urls(content):
    topic = content["topic"]
    return [
        "/",
        "/offres/",
        content["offer"].url,
        "/actualites/",
        content["news"].url,
        "/videos/",
        content["video"].url,
        "/forum/",
        rubric_url(topic.forum),
        topic_url(topic),
        "/structures/",
    ]


def test_anonymous_readers_write_no_session_row_and_get_no_session_cookie(client, site_content):
    urls = public_urls(site_content)
    assert Session.objects.count() == 0
    for url in itertools.islice(itertools.cycle(urls), 40):
        client.cookies.clear()  # every reader arrives without cookie
        response = client.get(url)
        assert response.status_code == 200, url
        assert "sessionid" not in response.cookies, url
    assert Session.objects.count() == 0


def test_a_member_signing_in_still_gets_a_session(client, site_content, counsellor):
    response = client.post(
        reverse("accounts:login"), {"username": counsellor.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "sessionid" in response.cookies
    assert Session.objects.count() == 1


def test_editors_preview_a_news_page_with_its_related_offers(
    client, site_content, django_user_model
):
    """Wagtail builds the previewed page from the form: many-to-many fields are FakeQuerySets."""
    editor = django_user_model.objects.create_superuser(
        username="redaction", email="redaction@comcep.example", password="x", display_name="Réd."
    )
    client.force_login(editor)
    news, offer = site_content["news"], site_content["offer"]
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[news.pk])
    data = nested_form_data(
        {
            "title": "Le CEP a dix ans (aperçu)",
            "slug": news.slug,
            "date": news.date.isoformat(),
            "summary": news.summary,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    data["related_offers"] = [str(offer.pk)]

    answer = client.post(preview_url, data)
    assert answer.json() == {"is_valid": True, "is_available": True}
    response = client.get(preview_url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text(strip=True) == "Le CEP a dix ans (aperçu)"
    assert [a.get_text(strip=True) for a in soup.select("#related-offers ~ ul a")] == [
        "Bilan de compétences"
    ]


def test_a_nul_character_gets_the_french_400_page_with_the_security_headers(client, portal):
    response = client.get("/actualites/?theme=%00")
    assert response.status_code == 400
    assert "Adresse invalide" in text_of(response.content.decode())
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "sessionid" not in response.cookies


# --- Every URL pattern of the project, with crafted values -----------------------------------
#
# The URL resolver is walked (the project's routes, Wagtail's admin, machina's, Django's admin,
# wagtail-transfer's…). Each pattern is requested with its path parameters filled with real
# values (existing rows of the demo site), then with each parameter in turn replaced by each
# crafted value; the query parameters the view reads on that first request (recorded by a
# wrapper of the view's ``request.GET``) are then each given each hostile value, and a view that
# reads the whole query string gets every known parameter at once. As an anonymous visitor, a
# counsellor and an editor: no answer may be a server error.

CRAFTED_PATH_VALUES = [
    "0",
    "1",
    "-1",
    "99999999999999999999",
    "999999",
    "x",
    '"*NEAR(',
    "AND OR NOT",
    "^-:",
    "é😀'",
]
HOSTILE_QUERY_VALUES = [
    "-1",
    "0",
    "99999999999999999999",
    "x",
    '"',
    "*",
    "NEAR(",
    "AND OR NOT",
    "^",
    "-",
    ":",
    "é😀'[]%",
]
# Given all at once to a view that reads the whole query string (e.g. the read API, which
# refuses parameters it does not know).
KNOWN_QUERY_PARAMETERS = [
    "offset",
    "limit",
    "page",
    "p",
    "q",
    "search",
    "periode",
    "filtre",
    "parmi",
    "type",
    "region",
    "theme",
    "audience",
    "kind",
    "sort",
    "order",
    "fields",
    "child_of",
    "descendant_of",
    "ancestor_of",
    "translation_of",
    "id",
    "html_path",
    "next",
    "collection_id",
    "ordering",
    "resolu",
]
# Wagtail's deliberate error page (it raises, to try the 500 page), and the sign-out routes (they
# end the session: Wagtail's answers a GET with a 405 that deletes the session cookie).
NOT_WALKED = {"wagtailadmin_error_test", "wagtailadmin_logout", "accounts:logout"}
ITERATED = object()


class RecordingQueryDict(QueryDict):
    """``request.GET`` remembering which parameters the request read (``ITERATED``: all)."""

    read = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def __iter__(self):
        self.read.add(ITERATED)
        return super().__iter__()

    def keys(self):
        self.read.add(ITERATED)
        return super().keys()

    def lists(self):
        self.read.add(ITERATED)
        return super().lists()


class RecordQueryParameters:
    """The last middleware: the view reads ``request.GET`` through a ``RecordingQueryDict``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""))


def url_patterns():
    """(name, format string, parameters) of every pattern the resolver holds."""
    found = []

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            regex = pattern.pattern.regex.pattern.removeprefix("^")
            if isinstance(pattern, URLResolver):
                inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                walk(pattern.url_patterns, prefix + regex, inner)
            else:
                fmt, params = normalize(prefix + regex)[0]
                found.append((":".join([*namespaces, pattern.name or "?"]), fmt, params))

    walk(get_resolver().url_patterns, "", [])
    return found


def demo_rows():
    """Existing rows of the demo site, for the real values of path parameters."""
    Feedback = apps.get_model("pilot", "Feedback")
    RubricProposal = apps.get_model("pilot", "Proposal")
    topic = Topic.objects.filter(approved=True).order_by("pk").first()
    image = Image.objects.create(
        title="Logo", file=SimpleUploadedFile("logo.png", png_image()), width=8, height=8
    )
    return {
        "topic": topic,
        "forum": topic.forum,
        "post": topic.first_post,
        "page": OfferPage.objects.live().order_by("pk").first(),
        "video": VideoPage.objects.live().order_by("pk").first(),
        "news": NewsPage.objects.live().order_by("pk").first(),
        "member": User.objects.get(username="julien"),
        "theme": Theme.objects.order_by("pk").first(),
        "image": image,
        "report": PostReport.objects.order_by("pk").first(),
        "notification": Notification.objects.order_by("pk").first(),
        "feedback": Feedback.objects.order_by("pk").first(),
        "rubric_proposal": RubricProposal.objects.order_by("pk").first(),
        "workflow": Workflow.objects.order_by("pk").first(),
        "task": Task.objects.order_by("pk").first(),
        "collection": Collection.get_first_root_node(),
        "site": Site.objects.first(),
        "group": Group.objects.order_by("pk").first(),
    }


def png_image():
    out = io.BytesIO()
    PillowImage.new("RGB", (8, 8), "teal").save(out, "PNG")
    return out.getvalue()


def real_value_of(rows):
    """``value(pattern name, parameter)``: a real value for that parameter of that pattern."""
    page = rows["page"]
    by_parameter = {
        "forum_slug": rows["forum"].slug,
        "forum_pk": rows["forum"].pk,
        "topic_slug": rows["topic"].slug,
        "topic_pk": rows["topic"].pk,
        "post_pk": rows["post"].pk,
        "page_pk": page.pk,
        "page_id": page.pk,
        "parent_page_id": page.get_parent().pk,
        "page_to_move_id": page.pk,
        "destination_id": page.get_parent().pk,
        "revision_id": page.latest_revision_id,
        "image_id": rows["image"].pk,
        "app_label": "offers",
        "app_name": "offers",
        "content_type_app_name": "offers",
        "model_name": "offerpage",
        "content_type_model_name": "offerpage",
        "action_name": "approve",
        "filter_spec": "fill-80x80",
        "model_path": "wagtailcore.page",
        "object_id": page.pk,
        "collection_id": rows["collection"].pk,
        "workflow_pk": rows["workflow"].pk,
        "task_id": rows["task"].pk,
        "_0": page.url_path.split("/", 2)[-1],
    }
    # ``pk`` and ``slug`` by the pattern's name (the longest prefix that matches).
    by_name = {
        "forum:forum": rows["forum"],
        "community:rubric": rows["forum"],
        "community:rubric_topics_feed": rows["forum"],
        "forum_tracking": rows["forum"],
        "forum_conversation": rows["topic"],
        "forum_moderation:topic": rows["topic"],
        "forum_member:topic": rows["topic"],
        "forum_moderation:queue": rows["post"],
        "forum_moderation:approve": rows["post"],
        "forum_moderation:disapprove": rows["post"],
        "forum_member:profile": rows["member"],
        "forum_member:user_posts": rows["member"],
        "community:member": rows["member"],
        "community:theme": rows["theme"],
        "community:report_action": rows["report"],
        "notifications:open": rows["notification"],
        "pilot:proposal": rows["rubric_proposal"],
        "beta_feedback": rows["feedback"],
        "wagtailapi:videos": rows["video"],
        "videos:embed": rows["video"],
        "wagtailapi:news": rows["news"],
        "wagtailapi:offers": page,
        "wagtailadmin_api:pages": page,
        "wagtail_transfer": page,
        "wagtailadmin_api:images": rows["image"],
        "wagtailimages": rows["image"],
        "wagtailusers_users": rows["member"],
        "wagtailusers_groups": rows["group"],
        "wagtailsites": rows["site"],
        "wagtailadmin_collections": rows["collection"],
        "wagtailadmin_workflows": rows["workflow"],
        "wagtailadmin_workflows:edit_task": rows["task"],
        "wagtailadmin_workflows:enable_task": rows["task"],
        "wagtailadmin_workflows:disable_task": rows["task"],
    }

    def snippet_row(name):
        """The first row of a snippet's model, from its viewset's namespace."""
        namespace = name.split(":")[0]
        for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
            if namespace.startswith(prefix):
                app_label, _sep, model_name = namespace.removeprefix(prefix).partition("_")
                with contextlib.suppress(LookupError):
                    return apps.get_model(app_label, model_name).objects.order_by("pk").first()
        return None

    def value(name, parameter):
        if parameter not in ("pk", "slug"):
            return by_parameter.get(parameter, 1)
        prefixes = [prefix for prefix in by_name if name.startswith(prefix)]
        row = by_name[max(prefixes, key=len)] if prefixes else snippet_row(name)
        if row is None:
            return 1 if parameter == "pk" else "x"
        return getattr(row, parameter, row.pk)

    return value


@pytest.fixture
def crafted_site(db, settings):
    """The demo site, and ``request.GET`` recording what each request reads."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.RecordQueryParameters"]
    call_command("load_demo", "--force", stdout=io.StringIO())
    return demo_rows()


def crafted_requests(client, name, fmt, params, value):
    """The statuses of the crafted requests for one pattern: {url: status}."""
    real = {parameter: quote(str(value(name, parameter)), safe="") for parameter in params}
    base = "/" + fmt % real
    RecordingQueryDict.read.clear()
    answers = {base: client.get(base).status_code}
    read = set(RecordingQueryDict.read)
    for parameter in params:
        for crafted in CRAFTED_PATH_VALUES:
            url = "/" + fmt % {**real, parameter: quote(crafted, safe="")}
            answers[url] = client.get(url).status_code
    queries = [
        {parameter: hostile}
        for parameter in sorted(key for key in read if isinstance(key, str))
        for hostile in HOSTILE_QUERY_VALUES
    ]
    if ITERATED in read:
        # Every known parameter at once, each with another hostile value at each request.
        queries += [
            {
                parameter: HOSTILE_QUERY_VALUES[(shift + index) % len(HOSTILE_QUERY_VALUES)]
                for index, parameter in enumerate(KNOWN_QUERY_PARAMETERS)
            }
            for shift in range(len(HOSTILE_QUERY_VALUES))
        ]
    for query in queries:
        url = f"{base}?{urlencode(query)}"
        answers[url] = client.get(url).status_code
    return answers


@pytest.mark.parametrize("username", [None, "julien", "editrice"])
def test_every_url_pattern_answers_crafted_values_without_a_server_error(crafted_site, username):
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    value = real_value_of(crafted_site)
    patterns = [pattern for pattern in url_patterns() if pattern[0] not in NOT_WALKED]
    answers = {}
    for name, fmt, params in patterns:
        for url, status in crafted_requests(client, name, fmt, params, value).items():
            answers[name, url] = status
    server_errors = {
        key: status
        for key, status in answers.items()
        if status >= 500
        # oEmbed's answer to a format other than json (its specification's 501).
        and not (key[0] == "videos:oembed" and status == 501 and "format=" in key[1])
    }
    statuses = Counter(answers.values())
    print(
        f"{username or 'anonymous'}: {len(patterns)} patterns, {len(answers)} requests, "
        f"answers {dict(sorted(statuses.items()))}"
    )
    for (name, url), status in sorted(server_errors.items()):
        print(status, name, url)
    assert server_errors == {}
    assert len(patterns) > 500
    # The walk reached the views, not only the sign-in page, and the session lasted.
    assert statuses[200] > 400
    if username:
        assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


# --- The server errors reported in issue 24, one by one ----------------------------------------


@pytest.mark.parametrize("endpoint", ["offers", "news", "videos"])
def test_an_api_integer_beyond_the_database_is_a_400(client, portal, endpoint):
    for query in (
        "offset=99999999999999999999",
        "offset=9_999_999_999_999_999_999",
        "limit=99999999999999999999",
        "child_of=99999999999999999999",
        "site=nowhere.example",
        "site=comcep.example:x",
    ):
        response = client.get(f"/api/v2/{endpoint}/?{query}")
        assert response.status_code == 400, query
    assert client.get(f"/api/v2/{endpoint}/?offset=5").status_code == 200


def test_an_id_no_row_can_have_is_a_404(client, make_topic, counsellor):
    topic = make_topic(counsellor)
    post_url = post_update_url(topic.first_post)
    # Anonymous: the real post asks to sign in; post 0 and a rubric too large for the database
    # are no address at all.
    assert client.get(post_url).status_code == 302
    assert (
        client.get(post_url.replace(f"/{topic.first_post.pk}/post/", "/0/post/")).status_code == 404
    )
    assert client.get(f"/forum/forum/{topic.forum.slug}-99999999999999999999/").status_code == 404
    client.force_login(counsellor)
    assert client.get(post_url).status_code == 200
    assert client.get(f"/forum/forum/{topic.forum.slug}-0/topic/create/").status_code == 404
    assert client.get("/forum/tracking/mark/forum/999999/topics/").status_code == 404


def test_the_daily_digest_preview_shows_a_new_topic_in_a_followed_rubric(
    client, rubric, counsellor, make_member, make_topic
):
    author = make_member("karim", "Karim B. (modération)")
    Follow.objects.create(user=counsellor, forum=rubric)
    topic = make_topic(author, subject="Un sujet dans une rubrique suivie")
    Notification.objects.get_or_create(
        recipient=counsellor, kind=Notification.Kind.NEW_TOPIC, actor=author, topic=topic
    )
    client.force_login(counsellor)
    response = client.get("/notifications/resume/?periode=daily")
    assert response.status_code == 200
    assert (
        "Karim B. (modération) a lancé « Un sujet dans une rubrique suivie » dans Accueil et "
        "posture." in text_of(response.content.decode())
    )


def test_page_ordering_takes_only_a_post_about_a_page_with_a_parent(
    client, catalogue, make_offer, django_user_model
):
    first, second = make_offer("Première offre"), make_offer("Seconde offre")
    root = Page.get_first_root_node()
    assert client.get(f"/admin/pages/{second.pk}/set_position/").status_code == 302  # sign in
    editor = django_user_model.objects.create_superuser(
        username="redaction", email="redaction@comcep.example", password="x", display_name="Réd."
    )
    client.force_login(editor)
    assert client.get(f"/admin/pages/{root.pk}/set_position/").status_code == 405
    assert client.get(f"/admin/pages/{second.pk}/set_position/").status_code == 405
    assert client.post(f"/admin/pages/{root.pk}/set_position/?position=0").status_code == 404
    assert client.post(f"/admin/pages/{second.pk}/set_position/?position=0").status_code == 200
    assert [page.pk for page in catalogue.get_children()] == [second.pk, first.pk]
