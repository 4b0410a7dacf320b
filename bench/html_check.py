"""The Nu HTML checker (vnu) on 19 pages of the portal, read anonymously and signed in.

    make html-check                              # the demo database of `make run` (SQLite)
    DATABASE_URL=postgres://… .venv/bin/python bench/html_check.py --vnu /path/to/vnu.jar

Pages: home, offers, an offer, structures, a structure, news, a news item, videos, a video,
search, the forum, a rubric, a topic, the member's profile and notifications, the paths, a path,
the member's paths and "Vous avez dit, nous avons fait"; each read by an
anonymous visitor and by the demo's julien (Django's test client on the configured database, with
the demo content loaded; a page a visitor may not read answers with the sign-in page, which is
checked instead). Every page's HTML as served is given to vnu; the script prints the errors
per page and exits with 1 when there is any.

vnu is the checker's jar (Java 11 or later): ``--vnu``, else ``VNU_JAR``, else the npm package
``vnu-jar`` installed once into ``.cache/vnu`` (``npm install --ignore-scripts``: the jar only,
nothing else downloaded). Kept out of the test suite: it needs Java and a 30 MB jar.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMBER = "julien"
VNU_VERSION = "26.9.27"
CACHE = ROOT / ".cache" / "vnu"
CACHED_JAR = CACHE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar(given):
    """The checker's jar: given, from the environment, or installed from npm into .cache/."""
    jar = given or os.environ.get("VNU_JAR")
    if jar:
        return Path(jar)
    if not CACHED_JAR.exists():
        if not shutil.which("npm"):
            raise SystemExit(
                "vnu.jar introuvable : --vnu CHEMIN, VNU_JAR, ou npm pour l'installer."
            )
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(CACHE), "--ignore-scripts", "--no-audit",
             "--no-fund", f"vnu-jar@{VNU_VERSION}"],
            check=True,
        )  # fmt: skip
    return CACHED_JAR


def checked_pages():
    """(name, address) of the 19 pages."""
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse
    from machina.core.db.models import get_model

    from cms.news.models import NewsIndexPage, NewsPage
    from cms.offers.models import OfferIndexPage, OfferPage
    from cms.paths.models import PathIndexPage, PathPage
    from cms.structures.models import StructureIndexPage, StructurePage
    from cms.videos.models import VideoIndexPage, VideoPage

    Topic = get_model("forum_conversation", "Topic")
    topic = Topic.objects.visible_to(AnonymousUser()).order_by("-posts_count", "pk").first()
    rubric = topic.forum
    topic_address = topic.get_absolute_url()

    def first(model):
        return model.objects.visible().order_by("path").first().url

    return [
        ("accueil", "/"),
        ("offres", first(OfferIndexPage)),
        ("une offre", first(OfferPage)),
        ("structures", first(StructureIndexPage)),
        ("une structure", first(StructurePage)),
        ("actualités", first(NewsIndexPage)),
        ("une actualité", first(NewsPage)),
        ("vidéos", first(VideoIndexPage)),
        ("une vidéo", first(VideoPage)),
        ("recherche", "/recherche/?q=cpf"),
        ("forum", "/forum/"),
        ("une rubrique", reverse("forum:forum", kwargs={"slug": rubric.slug, "pk": rubric.pk})),
        ("un sujet", topic_address),
        ("profil", reverse("accounts:profile")),
        ("notifications", reverse("notifications:list")),
        ("parcours", first(PathIndexPage)),
        ("un parcours", first(PathPage)),
        ("mes parcours", reverse("paths:mine")),
        ("vous avez dit", reverse("consultations:you_said")),
    ]


def fetch_pages(folder):
    """Each page's HTML, anonymous and signed in, written into folder.

    Returns {file: (reader, name, address)}."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    member = Client()
    member.force_login(get_user_model().objects.get(username=MEMBER))
    files = {}
    for reader, client in (("anonyme", Client()), (MEMBER, member)):
        for number, (name, url) in enumerate(checked_pages()):
            response = client.get(url, follow=True)
            if response.status_code != 200:
                raise SystemExit(f"{url} ({reader}) : {response.status_code}")
            path = Path(folder) / f"{reader}-{number:02d}.html"
            path.write_bytes(response.content)
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            files[str(path)] = (reader, name, final)
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vnu", help="path of vnu.jar")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    jar = vnu_jar(args.vnu)
    with tempfile.TemporaryDirectory() as folder:
        files = fetch_pages(folder)
        run = subprocess.run(
            ["java", "-jar", str(jar), "--format", "json", "--errors-only", *files],
            capture_output=True,
            text=True,
            check=False,
        )
    messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    errors = {}
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        errors.setdefault(path, []).append(message)
    total = 0
    for path, (reader, name, url) in files.items():
        found = errors.get(path, [])
        total += len(found)
        print(f"{len(found):3d}  {reader:8s} {name:14s} {url}")
        for message in found:
            line = message.get("lastLine", "?")
            extract = message.get("extract", "").strip()[:100]
            print(f"       l.{line}: {message['message']} [{extract}]")
    # The checker's own failures (a file it could not read).
    for path in errors.keys() - files.keys():
        total += len(errors[path])
        print(f"{len(errors[path]):3d}  {path}: {errors[path][0]['message']}")
    if run.returncode and not total:
        total = 1
        print(f"vnu : code {run.returncode} sans message.\n{run.stderr[-2000:]}")
    print(f"{total} erreur(s) sur {len(files)} pages (vnu {VNU_VERSION}).")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
