"""The Content-Security-Policy in Chromium: the portal breaks none of its own rules, and an injected
inline script does not run."""

import re

import pytest
from playwright.sync_api import expect

from cms.videos.models import Partner
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)
from tests.community.helpers import reply_url, topic_url
from tests.conftest import PASSWORD
from tests.e2e.helpers import sign_in
from tests.e2e.videos_servers import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in every document and frame before the page's own scripts (Playwright injects it outside
# the page's policy): records each violation the browser reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI} on ${event.documentURI}`
  );
});
"""


class PolicyWatch:
    """Violations reported in the pages and frames visited, and the console's policy messages."""

    def __init__(self, page):
        self.page = page
        self.console = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        if re.search(r"Content Security Policy|Permissions-Policy|Permissions policy", text, re.I):
            self.console.append(text)

    def violations(self):
        found = []
        for frame in self.page.frames:
            if frame.url.startswith(("http://", "https://")):
                found += frame.evaluate("() => window.__cspViolations || []")
        return found

    def visit(self, url):
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return self.violations()


def test_the_portal_breaks_none_of_its_own_rules(
    page, live_server, make_offer, make_video, make_topic, counsellor, video_host, loopback_site
):
    make_offer("Bilan de compétences")
    topic = make_topic(counsellor)
    video = make_video(title="Les trois temps du CEP", source_url=f"{video_host.url}/v/abc")
    embed_url = f"{live_server.url}/embed/videos/{video.pk}/"
    partner = loopback_site(
        {
            "/": "<!DOCTYPE html><html lang='fr'><title>Intranet</title><body>"
            f"<iframe src='{embed_url}' title='Vidéo ComCep'></iframe></body></html>"
        }
    )
    Partner.objects.create(name="Intranet", origins=partner.url, is_active=True)
    watch = PolicyWatch(page)

    seen = {}
    for url in ("/", "/offres/", "/forum/", topic_url(topic), "/comptes/connexion/"):
        seen[url] = watch.visit(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")

    sign_in(page, counsellor.username)
    seen["reply form"] = watch.visit(reply_url(topic))
    expect(page.get_by_label("Message", exact=True)).to_be_visible()

    # The video page, then the click-to-load player: its iframe comes from the video host.
    seen[video.url] = watch.visit(video.url)
    page.get_by_role("button", name=re.compile("Lire la vidéo « Les trois temps du CEP »")).click()
    player = page.frame_locator("iframe[title='Vidéo\u00a0: Les trois temps du CEP']")
    expect(player.get_by_text("Lecteur de test en cours de lecture")).to_be_visible()
    seen["video played"] = watch.violations()

    # The embed page on its own, then framed by the partner and played there.
    seen[embed_url] = watch.visit(embed_url)
    watch.visit(f"{partner.url}/")
    frame = page.frame_locator("iframe[title='Vidéo ComCep']")
    frame.get_by_role("button", name=re.compile("Lire la vidéo")).click()
    expect(
        frame.frame_locator("iframe").get_by_text("Lecteur de test en cours de lecture")
    ).to_be_visible()
    seen["embed framed by the partner and played"] = watch.violations()

    assert {url: found for url, found in seen.items() if found} == {}
    assert watch.console == []
    assert video_host.requests == ["/player/abc", "/player/abc"]


def test_an_injected_inline_script_is_blocked(page, make_topic, counsellor):
    topic = make_topic(counsellor)
    watch = PolicyWatch(page)
    assert watch.visit(topic_url(topic)) == []

    # What an attacker would get into a page: an inline <script> element…
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = 'script';";
          document.body.appendChild(script);
        }"""
    )
    # …and markup with an inline event handler.
    page.evaluate(
        """() => {
          const box = document.createElement("div");
          box.innerHTML = '<img src="data:," onload="window.__handler = true">';
          document.body.appendChild(box);
        }"""
    )
    page.wait_for_function("() => window.__cspViolations.length >= 2")

    assert page.evaluate("() => window.__injected") is None
    assert page.evaluate("() => window.__handler") is None
    violations = watch.violations()
    assert len(violations) == 2, violations
    assert sorted(v.split(" on ")[0] for v in violations) == [
        "script-src-attr blocked inline",
        "script-src-elem blocked inline",
    ]
    assert any("Content Security Policy" in message for message in watch.console)

    # The same page without a policy would have run both: the test can fail.
    def without_policy(route):
        if route.request.resource_type != "document":
            route.continue_()
            return
        fetched = route.fetch()
        headers = {k: v for k, v in fetched.headers.items() if k != "content-security-policy"}
        route.fulfill(response=fetched, headers=headers)

    page.route(re.compile(r".*"), without_policy)
    page.goto(topic_url(topic))
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = 'script';";
          document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("() => window.__injected") == "script"
    page.unroute_all(behavior="ignoreErrors")


def test_the_wagtail_admin_works_under_its_relaxed_policy(page, make_news, django_user_model):
    news = make_news("Le CEP a dix ans")
    django_user_model.objects.create_superuser(
        username="admin", email="admin@comcep.example", password=PASSWORD, display_name="Admin"
    )
    watch = PolicyWatch(page)

    page.goto("/admin/login/")
    page.locator("#id_username").fill("admin@comcep.example")  # the e-mail address
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page.locator("body.page-dashboard, body")).to_be_visible()
    page.wait_for_url(re.compile(r"/admin/$"))
    page.wait_for_load_state("networkidle")
    seen = {"dashboard": watch.violations()}

    seen["edit"] = watch.visit(f"/admin/pages/{news.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value("Le CEP a dix ans")
    # The side panel's live preview renders the page in an iframe of this site.
    page.locator("[data-side-panel-toggle='preview']").click()
    preview = page.frame_locator("iframe[title]").first
    expect(preview.get_by_role("heading", level=1)).to_have_text("Le CEP a dix ans")
    page.wait_for_load_state("networkidle")
    seen["preview"] = watch.violations()

    assert {name: found for name, found in seen.items() if found} == {}
    assert watch.console == []
