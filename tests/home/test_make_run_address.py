"""`make run PORT=8123` serves on that port, and every absolute address the portal gives out (the
sitemap, the feeds, a video's embed code) and the Wagtail site follow it.

The Makefile is run for real, with a stand-in Python that records the address each
``manage.py`` command receives; the portal is then set up with that address as ``load_demo``
sets it up (``setup_site``) and read through the test client."""

import io
import os
import shutil
import stat
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Site

from cms.news.models import NewsIndexPage
from cms.videos.models import VideoIndexPage
from tests.cms.videos.videos_support import *  # noqa: F403  (fixtures)

ROOT = Path(__file__).resolve().parents[2]
RECORDING_PYTHON = '#!/bin/sh\necho "$WAGTAILADMIN_BASE_URL $*" >> "$RECORD"\n'


def make_run(tmp_path, *arguments, environment=None):
    """Run `make run …` with a Python that records, for each command, the public address it was
    given and its arguments; return those lines and what make printed."""
    python = tmp_path / "python"
    python.write_text(RECORDING_PYTHON)
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    installed = tmp_path / "installed"
    installed.touch()
    record = tmp_path / "commands"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WAGTAILADMIN_BASE_URL", "MAKEFLAGS", "PORT", "HOST")
    }
    env.update(RECORD=str(record), **(environment or {}))
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("make"),
            "--no-print-directory",
            "-C",
            str(ROOT),
            "run",
            f"PY={python}",
            f"INSTALLED={installed}",
            f"RUNTIME={installed}",
            *arguments,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    commands = [line.split(" ", 1) for line in record.read_text().splitlines()]
    return commands, result.stdout


def test_make_run_gives_every_command_the_address_it_serves(tmp_path):
    commands, printed = make_run(tmp_path, "PORT=8123")

    ran = [arguments.split()[1] for _address, arguments in commands]
    # The server starts while the demo loads, once the database is migrated; the worker once the
    # demo is loaded. The server runs in the background: on a busy machine it may start after the
    # worker. (Here the stand-in server exits at once, and make with it, sometimes before the
    # worker has started.)
    assert ran[0] == "migrate"
    after = ran[1:]
    assert after.count("runserver") == after.count("load_demo") == 1
    assert set(after) <= {"runserver", "load_demo", "db_worker"}
    workers = [index for index, name in enumerate(after) if name == "db_worker"]
    assert all(index > after.index("load_demo") for index in workers)
    assert {address for address, _arguments in commands} == {"http://127.0.0.1:8123"}
    runserver = next(arguments.split() for _a, arguments in commands if "runserver" in arguments)
    assert runserver[-1] == "127.0.0.1:8123"
    assert "ComCep : http://127.0.0.1:8123/" in printed


def test_an_address_set_in_the_environment_is_kept(tmp_path):
    commands, _printed = make_run(
        tmp_path, "PORT=8123", environment={"WAGTAILADMIN_BASE_URL": "https://comcep.example"}
    )
    assert {address for address, _arguments in commands} == {"https://comcep.example"}


@pytest.fixture
def served_on_8123(tmp_path, settings, portal):
    """The portal set up as `make run PORT=8123` sets it up: the address the Makefile gives, then
    ``setup_site`` (the first step of ``load_demo``)."""
    commands, _printed = make_run(tmp_path, "PORT=8123")
    settings.WAGTAILADMIN_BASE_URL = commands[0][0]
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    return out.getvalue()


@pytest.fixture
def news_index(served_on_8123, reference_lists):
    return NewsIndexPage.objects.get()


@pytest.fixture
def video_index(served_on_8123, media_root):
    return VideoIndexPage.objects.get()


def test_the_site_the_sitemap_the_feed_and_the_embed_code_use_the_port(
    client, served_on_8123, make_news, make_video
):
    base = "http://127.0.0.1:8123"
    assert "(127.0.0.1, port 8123)" in served_on_8123
    assert Site.objects.get(is_default_site=True).root_url == base
    news = make_news("Le CEP a dix ans")
    video = make_video(title="La VAE en cinq minutes")

    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314
    namespace = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in sitemap.findall("sm:url/sm:loc", namespace)]
    assert f"{base}{news.url}" in locations and f"{base}{video.url}" in locations
    assert all(location.startswith(f"{base}/") for location in locations), locations

    feed = feedparser.parse(client.get("/actualites/rss/").content)
    assert [entry.link for entry in feed.entries] == [f"{base}{news.url}"]
    assert feed.feed.link == f"{base}/actualites/"

    page = BeautifulSoup(client.get(video.url).content, "html.parser")
    embed_code = BeautifulSoup(page.select_one("#embed-code").get_text(), "html.parser")
    assert embed_code.iframe["src"] == f"{base}/embed/videos/{video.pk}/"
