"""Crawl the Wagtail admin as a given account and collect the English strings it shows.

What is crawled: the dashboard, every entry of the account's admin menu (and their submenus), the
edit page of one page of each type, the listing and edit page of each snippet model, one image and
one document, the import screen. What is read: the text of each page (not scripts or styles;
hidden elements included, as a filter drawer or a dropdown opens), the labels of the menu
(rendered from JSON by the sidebar), and the attributes a person hears or sees (aria-label,
placeholder, title, alt, button values).

A string counts as English when it holds a word that is English and not French ("Any", "Save",
"True", "None", "the"…), or when it is, whole, the English source of a message that has a French
translation somewhere in the installed catalogues (so an untranslated one shows through).
"""

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

ENGLISH_ONLY_WORDS = {
    "about",
    "add",
    "all",
    "and",
    "any",
    "apply",
    "back",
    "by",
    "cancel",
    "choose",
    "clear",
    "delete",
    "draft",
    "edit",
    "false",
    "filter",
    "filters",
    "for",
    "from",
    "help",
    "hide",
    "history",
    "imported",
    "items",
    "live",
    "log",
    "more",
    "new",
    "none",
    "of",
    "or",
    "owner",
    "preview",
    "publish",
    "published",
    "reports",
    "save",
    "search",
    "select",
    "selected",
    "settings",
    "show",
    "snippet",
    "snippets",
    "sort",
    "status",
    "successfully",
    "the",
    "this",
    "to",
    "true",
    "unpublish",
    "updated",
    "upload",
    "view",
    "with",
    "yes",
}
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
SKIPPED_TAGS = {"script", "style", "svg", "code", "pre", "textarea"}
WORD = re.compile(r"[A-Za-zÀ-ÿ’']+")


def _bare(text):
    return text.rstrip(":\u00a0 ").strip()


@lru_cache(maxsize=1)
def catalogues():
    """(English msgids some French catalogue translates, French translations), installed ones."""
    roots = {Path(app.path) for app in apps.get_app_configs()} | {Path(settings.BASE_DIR)}
    english, french = set(), set()
    for root in roots:
        for po_path in root.glob("locale/fr/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(po_path)):
                if entry.msgstr and entry.msgstr != entry.msgid:
                    english.add(_bare(entry.msgid))
                    french.add(_bare(entry.msgstr))
    return frozenset(english), frozenset(french)


def is_identifier(text):
    """A time zone, a slug, a code: data, not words."""
    return " " not in text and bool(re.search(r"[/_\-.]", text))


def is_english(text):
    english, french = catalogues()
    if is_identifier(text):
        return False
    words = {word.lower() for word in WORD.findall(text)}
    return bool(words & ENGLISH_ONLY_WORDS) or (_bare(text) in english - french)


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.strings = []
        self.skipping = 0
        self.json_script = None
        self.json_parts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("id") == "wagtail-sidebar-props":
            self.json_script = []
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.strings.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
            self.strings.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "script" and self.json_script is not None:
            self.json_parts.append("".join(self.json_script))
            self.json_script = None
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if self.json_script is not None:
            self.json_script.append(data)
            return
        if not self.skipping and data.strip():
            self.strings.append(data)


def _menu_labels(value):
    """Labels and URLs in the sidebar's JSON (telepath-packed menu items)."""
    labels, urls = [], []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "label" and isinstance(item, str):
                labels.append(item)
            elif key == "url" and isinstance(item, str):
                urls.append(item)
            else:
                more_labels, more_urls = _menu_labels(item)
                labels += more_labels
                urls += more_urls
    elif isinstance(value, list):
        for item in value:
            more_labels, more_urls = _menu_labels(item)
            labels += more_labels
            urls += more_urls
    return labels, urls


def read_page(html):
    """(visible strings, menu URLs) of an admin page."""
    collector = _TextCollector()
    collector.feed(html)
    strings = [" ".join(text.split()) for text in collector.strings]
    urls = []
    for part in collector.json_parts:
        labels, found = _menu_labels(json.loads(part))
        strings += labels
        urls += found
    return [text for text in strings if text], urls


def sample_urls(user):
    """Edit pages of one page of each type, snippets, an image and a document."""
    finder = AdminURLFinder(user)
    urls = []
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.order_by("path").first()
        if page is not None:
            urls.append(f"/admin/pages/{page.pk}/edit/")
            if page.get_children_count():
                urls.append(f"/admin/pages/{page.pk}/")
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        list_url = reverse(viewset.get_url_name("list"))
        urls.append(list_url)
        # An applied filter shows as a "field: value" chip above the list.
        list_filter = getattr(viewset, "list_filter", None)
        for name in list_filter if isinstance(list_filter, (list, tuple)) else ():
            urls.append(f"{list_url}?{name}=true")
        instance = model.objects.first()
        if instance is not None and (edit := finder.get_edit_url(instance)):
            urls.append(edit)
    for model in (get_image_model(), get_document_model()):
        instance = model.objects.first()
        if instance is not None and (edit := finder.get_edit_url(instance)):
            urls.append(edit)
    urls.append("/admin/wagtail-transfer/choose/")
    return urls


def crawl(client, user, start_urls):
    """{english string: first URL showing it}, and the URLs visited with their status."""
    client.force_login(user)
    queue, seen, found, visited = list(start_urls), set(), {}, {}
    while queue:
        url = queue.pop(0)
        if not url.startswith("/"):
            try:
                url = reverse(url)
            except NoReverseMatch:
                continue
        if url in seen or not url.startswith("/admin/") or "logout" in url:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        visited[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        strings, menu_urls = read_page(response.content.decode())
        for text in strings:
            if is_english(text):
                found.setdefault(text, url)
        if url == "/admin/":
            queue += menu_urls
    return found, visited
