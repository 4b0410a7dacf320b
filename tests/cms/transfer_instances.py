"""Two live ComCep instances side by side, for wagtail-transfer between them.

Each instance is `manage.py runserver` on a free loopback port, over its own SQLite file and media
folder in a temporary directory: "staging" holds the demo content, "production" only what
`setup_site` builds, with its own reference lists. The destination imports from the source through
the real admin (sign-in, chooser proxy, import form) and the real export API over HTTP.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent.parent
PASSWORD = "Transfert-entre-instances-2026"
SOURCE_NAME = "preproduction"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    def __init__(self, name, directory, port, key, environ=None):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.database = directory / f"{name}.sqlite3"
        self.environ = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": f"sqlite:///{self.database}",
            "MEDIA_ROOT": str(directory / f"{name}-media"),
            "PRIVATE_MEDIA_ROOT": str(directory / f"{name}-private"),
            "SECRET_KEY": secrets.token_urlsafe(50),
            "WAGTAILTRANSFER_SECRET_KEY": key,
            "WAGTAILADMIN_BASE_URL": self.url,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "true",
            "PYTHONUNBUFFERED": "1",
            **(environ or {}),
        }
        self.server = None
        self.log = directory / f"{name}.log"

    def manage(self, *args, stdin=None):
        done = subprocess.run(  # noqa: S603  (this project's manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environ,
            input=stdin,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"{self.name}: manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def shell(self, code):
        return self.manage("shell", "--no-imports", "-c", code)

    def start(self):
        self.server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=self.environ,
            stdout=self.log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def wait_until_serving(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"{self.name} stopped:\n{self.log.read_text()}")
            try:
                requests.get(f"{self.url}/admin/login/", timeout=10)
                return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start:\n{self.log.read_text()}")

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=10)

    def sign_in(self, email):
        """A session signed in to this instance's Wagtail admin (by e-mail address)."""
        session = requests.Session()
        page = session.get(f"{self.url}/admin/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(
            f"{self.url}/admin/login/",
            data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.url}/admin/login/"},
            timeout=30,
        )
        assert "/admin/login/" not in answer.url, answer.text[:2000]
        return session


# Run at the destination before any import: its own reference lists, among them one the source
# also has (same slug, its own wording), and its own editor accounts.
DESTINATION_SETUP = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from cms.taxonomies.models import Theme, Region
from home.site import setup_site

setup_site(lambda line: None)
Theme.objects.create(name="Handicap et emploi", slug="handicap-et-emploi",
                     description="Rédaction locale", sort_order=5)
Theme.objects.create(name="Thème propre à la production", slug="theme-production")
Region.objects.create(name="Région de la production", slug="region-production", code="99")
User = get_user_model()
for username, group in [("editrice", "Éditeurs"), ("redacteur", "Rédacteurs")]:
    user = User.objects.create_user(username, f"{username}@production.example", "{password}",
                                    is_staff=True)
    user.groups.add(Group.objects.get(name=group))
""".replace("{password}", PASSWORD)

SOURCE_SETUP = """
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="editrice")
user.set_password("{password}")
user.save()
""".replace("{password}", PASSWORD)


def start_two_instances(directory):
    """(source, destination), both serving; migrations run once and the database is copied."""
    key = secrets.token_urlsafe(48)
    source = Instance("source", directory, free_port(), key)
    destination = Instance(
        "destination",
        directory,
        free_port(),
        secrets.token_urlsafe(48),
        environ={
            "WAGTAILTRANSFER_SOURCE_NAME": SOURCE_NAME,
            "WAGTAILTRANSFER_SOURCE_URL": f"{source.url}/wagtail-transfer/",
            "WAGTAILTRANSFER_SOURCE_SECRET_KEY": key,
        },
    )
    source.manage("migrate", "--noinput", "--skip-checks")
    shutil.copy(source.database, destination.database)
    with ThreadPoolExecutor(2) as pool:
        loaded = pool.submit(source.manage, "load_demo")
        prepared = pool.submit(destination.shell, DESTINATION_SETUP)
        loaded.result()
        prepared.result()
    source.shell(SOURCE_SETUP)
    try:
        for instance in (source, destination):
            instance.start()
        for instance in (source, destination):
            instance.wait_until_serving()
    except BaseException:
        source.stop()
        destination.stop()
        raise
    return source, destination
