"""Posts are Markdown rendered then sanitised: nothing a reader loads can run a script."""

import pytest
from bs4 import BeautifulSoup

from tests.community.helpers import topic_url

PAYLOADS = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](jav&#x09;ascript:alert(1))",
    "[clic](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<a href="#" onclick="alert(1)">x</a>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "[a](vbscript:msgbox(1))",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>` et ```\n<script>alert(1)</script>\n```",
    '<img src="x" alt="" onmouseover="alert(1)">',
    '[lien](https://example.org "titre" onclick=alert(1))',
    # Bare addresses become links: nothing of them may escape the href.
    'https://example.org/"onmouseover="alert(1)',
    "https://example.org/<script>alert(1)</script>",
    "www.example.org/'><img src=x onerror=alert(1)>",
    "javascript:alert(1)//https://example.org/",
    "https://example.org/a_b_<svg/onload=alert(1)>_c",
)


def assert_safe(html):
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find(["iframe", "object", "embed", "svg", "math", "style"]) is None
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element, name)
            values = value if isinstance(value, list) else [value]
            for item in values:
                lowered = "".join(str(item).split()).lower()
                assert not lowered.startswith(("javascript:", "data:", "vbscript:")), element


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised_in_the_topic_page(client, counsellor, make_topic, payload):
    topic = make_topic(counsellor, subject="Test de sécurité", content=payload)
    response = client.get(topic_url(topic))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    content = page.select_one(".post-content")
    assert content is not None
    assert_safe(str(content))
    # The whole page, with its layout, holds no inline script either (only the site's files).
    assert [script for script in page.find_all("script") if not script.get("src")] == []
    assert all(script["src"].startswith("/static/") for script in page.find_all("script"))


def test_the_sanitiser_is_what_stops_the_markdown_payloads():
    """Without nh3, markdown2's safe mode lets some payloads through: the second layer does work."""
    from markdown2 import markdown

    from community.forum_conversation.markup import MARKDOWN_EXTRAS, render_markdown

    unsafe_without_sanitiser = []
    for payload in PAYLOADS:
        raw = markdown(payload, safe_mode="escape", extras=MARKDOWN_EXTRAS)
        try:
            assert_safe(raw)
        except AssertionError:
            unsafe_without_sanitiser.append(payload)
        assert_safe(render_markdown(payload))
    assert "![x](javascript:alert(1))" in unsafe_without_sanitiser


def test_markdown_still_renders_and_external_links_are_marked(client, counsellor, make_topic):
    topic = make_topic(
        counsellor,
        content="**Gras** et [CPF](https://www.moncompteformation.gouv.fr)\n\n# Titre",
    )
    soup = BeautifulSoup(client.get(topic_url(topic)).content, "html.parser")
    content = soup.select_one(".post-content")
    assert content.find("strong").get_text() == "Gras"
    link = content.find("a")
    assert link["href"] == "https://www.moncompteformation.gouv.fr"
    assert set(link["rel"]) == {"nofollow", "ugc", "noopener"}
    # A Markdown title never becomes a second h1 of the page.
    assert len(soup.find_all("h1")) == 1


def test_a_pasted_address_becomes_a_link_outside_code_only():
    from community.forum_conversation.markup import render_markdown

    soup = BeautifulSoup(
        render_markdown(
            "Voir https://www.service-public.fr/particuliers/vosdroits/F_10_705?a=1&b=2, "
            "ou www.francecompetences.fr. Et `https://pas.un-lien.fr/` ni\n\n"
            "```\nhttps://pas.non-plus.fr/\n```\n\n[nommé](https://nomme.fr/) (https://entre.fr/x)"
        ),
        "html.parser",
    )
    links = [(a["href"], a.get_text()) for a in soup.find_all("a")]
    assert links == [
        (
            "https://www.service-public.fr/particuliers/vosdroits/F_10_705?a=1&b=2",
            "https://www.service-public.fr/particuliers/vosdroits/F_10_705?a=1&b=2",
        ),
        ("https://www.francecompetences.fr", "www.francecompetences.fr"),
        ("https://nomme.fr/", "nommé"),
        ("https://entre.fr/x", "https://entre.fr/x"),
    ]
    assert all(set(a["rel"]) == {"nofollow", "ugc", "noopener"} for a in soup.find_all("a"))
    assert soup.find("em") is None  # F_10_705's underscores are not emphasis
