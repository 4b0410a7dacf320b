"""wagtail-transfer's import widget, in the active language and accessible.

wagtail-transfer 0.11 ships its import screen as one compiled React bundle whose texts are English
literals ("Select source site", "Import 43 pages", "3 minutes ago"…), whose source select has no
label and whose chooser dialog is marked ``aria-hidden``. The project serves that same bundle with
each of those fragments replaced: texts through gettext (so they are in the project's catalogue),
dates through the bundle's own moment.js locale, a label on the select and on the search field,
a dialog screen readers can read. Every fragment is checked to occur exactly as often as expected:
a new wagtail-transfer release that changes one stops the screen loudly (``widget_script``
raises, and the tests fail) instead of leaving English behind.
"""

import json
from functools import lru_cache
from pathlib import Path

import wagtail_transfer
from django.utils.translation import get_language, gettext, pgettext

BUNDLE = Path(wagtail_transfer.__file__).parent / "static/wagtail_transfer/js/wagtail_transfer.js"


class BundleChanged(Exception):
    """The installed bundle is not the one these replacements were written for."""


def js(text):
    return json.dumps(text, ensure_ascii=False)


def counted(template, count):
    """A JS expression: ``template`` with %(count)s replaced by the JS expression ``count``."""
    return f'{js(template)}.replace("%(count)s",{count})'


def replacements():
    """(fragment of the bundle, replacement, how many times the fragment occurs)."""
    return [
        # The form: source, page or snippets, destination, submit.
        ('"Select a site"', js(gettext("Choose the source instance")), 1),
        (
            'e.createElement("select",{value:',
            'e.createElement("select",{id:"transfer-source","aria-label":'
            + js(gettext("Source instance"))
            + ",value:",
            1,
        ),
        ('"Select source site"', js(gettext("Source instance")), 1),
        ('"Select pages or snippets to import"', js(gettext("What to import")), 1),
        (
            '"This page already exists at the destination, and will be updated."',
            js(gettext("This page already exists on this site: it will be updated in place.")),
            1,
        ),
        (
            '"Select destination parent page"',
            js(gettext("Where to place it on this site")),
            1,
        ),
        ('"Import your snippet"', js(gettext("Import the chosen entries")), 1),
        (
            '"All child pages will be imported"',
            js(gettext("The page is imported with all the pages under it.")),
            1,
        ),
        (
            '"This page has ".concat(w-1," child pages")',
            "(w-1<2?"
            + counted(gettext("This page has %(count)s subpage"), "w-1")
            + ":"
            + counted(gettext("This page has %(count)s subpages"), "w-1")
            + ")",
            1,
        ),
        ('"Select a snippet to import"', js(gettext("Or choose reference entries to import")), 1),
        (
            '"This snippet has ".concat(w," items")',
            "(w<2?"
            + counted(gettext("%(count)s entry"), "w")
            + ":"
            + counted(gettext("%(count)s entries"), "w")
            + ")",
            1,
        ),
        ('"Snippet selected"', js(gettext("Entry chosen")), 1),
        (
            '"Imported pages will be created as children of this page."',
            js(gettext("The imported pages will be placed under this page.")),
            2,
        ),
        (
            'n=null!==i&&0!==i?1==i?"Import 1 ".concat(o):"Import ".concat(i," ").concat(o,"s")'
            ':"Import ".concat(o)',
            'n=null!==i&&0!==i?1==i?("snippet"===o?'
            + js(gettext("Import 1 entry"))
            + ":"
            + js(gettext("Import 1 page"))
            + '):("snippet"===o?'
            + counted(gettext("Import %(count)s entries"), "i")
            + ":"
            + counted(gettext("Import %(count)s pages"), "i")
            + '):("snippet"===o?'
            + js(gettext("Import the entries"))
            + ":"
            + js(gettext("Import the page"))
            + ")",
            1,
        ),
        # The chooser buttons; their explanation is a paragraph, not a heading three levels down.
        (
            'e.createElement("h6",{className:"transfer subtitle"}',
            'e.createElement("p",{className:"transfer subtitle"}',
            4,
        ),
        ('"Choose a parent page"', js(gettext("Choose a page")), 1),
        ('"Choose a snippet"', js(gettext("Choose reference entries")), 2),
        ('onClick:s},"Change")', "onClick:s}," + js(gettext("Change")) + ")", 2),
        ('a(null)}},"Clear")', "a(null)}}," + js(gettext("Clear")) + ")", 2),
        # The chooser dialog.
        (
            'role:"dialog","aria-hidden":!0',
            'role:"dialog","aria-modal":!0,"aria-labelledby":"header-title"',
            1,
        ),
        (
            '"data-dismiss":"modal","aria-hidden":!0',
            '"data-dismiss":"modal","aria-label":' + js(gettext("Close")),
            1,
        ),
        ('e.createElement("div",null,"Empty")', "null", 1),
        ('a||"Choose a page"', "a||" + js(gettext("Choose a page")), 1),
        ('"Search term:"', js(gettext("Search term:")), 1),
        (
            'placeholder:"Search",type:"text"',
            'id:"id_q",placeholder:' + js(gettext("Search")) + ',type:"search"',
            1,
        ),
        (
            'value:"Search",className:"button"',
            "value:" + js(gettext("Search")) + ',className:"button"',
            1,
        ),
        (
            'e.createElement("h2",null,"Explorer")',
            'e.createElement("h2",null,' + js(gettext("Browse")) + ")",
            3,
        ),
        ('"aria-label":"Breadcrumb"', '"aria-label":' + js(gettext("Breadcrumb")), 1),
        (
            '"#icon-home"}))),"Home")',
            '"#icon-home"}))),' + js(pgettext("page tree", "Root")) + ")",
            2,
        ),
        ('"There are no matches"', js(gettext("No page matches")), 2),
        ('"There is one match"', js(gettext("One page matches")), 2),
        ('"There are ".concat(e," matches")', counted(gettext("%(count)s pages match"), "e"), 2),
        ('{className:"title"},"Title")', '{className:"title"},' + js(gettext("Title")) + ")", 1),
        (
            '{className:"updated"},"Updated")',
            '{className:"updated"},' + js(gettext("Updated")) + ")",
            1,
        ),
        ('{className:"type"},"Type")', '{className:"type"},' + js(gettext("Type")) + ")", 1),
        (
            '{className:"status"},"Status")',
            '{className:"status"},' + js(gettext("Status")) + ")",
            1,
        ),
        (
            '{className:"status"},"Status"),e.createElement("th",null)',
            '{className:"status"},"Status"),e.createElement("th",null,e.createElement("span",'
            '{className:"visuallyhidden"},' + js(gettext("Subpages")) + "))",
            0,  # applied before the "Status" header above: see widget_script()
        ),
        (
            '"Snippet Name"),e.createElement("th",null)',
            js(gettext("Name"))
            + '),e.createElement("th",null,e.createElement("span",{className:"visuallyhidden"},'
            + js(gettext("Entries"))
            + "))",
            1,
        ),
        ('"Select Snippet"', js(gettext("Choose an entry")), 1),
        (
            'title:"Explore subpages of ".concat(a.title),"aria-label":"Explore"',
            "title:"
            + js(gettext("Subpages of %(title)s"))
            + '.replace("%(title)s",a.title),"aria-label":'
            + js(gettext("Subpages of %(title)s"))
            + '.replace("%(title)s",a.title)',
            1,
        ),
        (
            'title:"Explore data  ".concat(r.name)',
            "title:"
            + js(gettext("Entries of %(name)s"))
            + '.replace("%(name)s",r.name),"aria-label":'
            + js(gettext("Entries of %(name)s"))
            + '.replace("%(name)s",r.name)',
            1,
        ),
        (
            '"#icon-arrow-left"}))),"Previous")',
            '"#icon-arrow-left"}))),' + js(gettext("Previous")) + ")",
            2,
        ),
        (
            '"#icon-arrow-right"}))),"Next")',
            '"#icon-arrow-right"}))),' + js(gettext("Next")) + ")",
            2,
        ),
        (
            '"Page ".concat(r," of ").concat(n,".")',
            js(gettext("Page %(page)s of %(pages)s."))
            + '.replace("%(page)s",r).replace("%(pages)s",n)',
            1,
        ),
        # Dates: moment.js, with its own locale of the active language.
        ("n.fromNow()", f"n.locale({js(moment_locale())}).fromNow()", 1),
        (
            'n.format("D MMM YYYY h:mm a")',
            f'n.locale({js(moment_locale())}).format("D MMM YYYY HH:mm")',
            1,
        ),
        # Errors of the chooser's requests.
        (
            'new Error("Response timeout")',
            "new Error(" + js(gettext("The source did not answer in time.")) + ")",
            1,
        ),
        (
            "throw new Error(e.statusText)",
            "throw new Error("
            + js(gettext("The source could not be read (error %(status)s)."))
            + '.replace("%(status)s",e.status))',
            1,
        ),
    ]


def moment_locale():
    return (get_language() or "en").split("-")[0]


@lru_cache(maxsize=8)
def _translated_bundle(language, modified):
    script = BUNDLE.read_text(encoding="utf-8")
    rules = replacements()
    # The empty header cell of the page listing, before its neighbour "Status" is translated.
    header, header_new, _count = next(rule for rule in rules if rule[2] == 0)
    if script.count(header) != 1:
        raise BundleChanged(header)
    script = script.replace(header, header_new)
    for fragment, replacement, expected in rules:
        if expected == 0:
            continue
        found = script.count(fragment)
        if found != expected:
            raise BundleChanged(f"{fragment!r}: {found} occurrences, {expected} expected")
        script = script.replace(fragment, replacement)
    return script


def widget_script():
    """The bundle with the active language's texts."""
    return _translated_bundle(get_language(), BUNDLE.stat().st_mtime_ns)
