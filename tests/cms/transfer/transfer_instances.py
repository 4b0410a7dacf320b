"""Two live ComCep instances side by side, for wagtail-transfer between them.

Each instance is `manage.py runserver` on a free loopback port, over its own database (a SQLite
file, or a PostgreSQL database) and media folder in a temporary directory: "staging" holds the
demo content, "production" only what `setup_site` builds, with its own reference lists. The
destination imports from the source through the real admin (sign-in, chooser proxy, import form)
and the real export API over HTTP.

Ports: a free one chosen by the system, or within ``COMCEP_TEST_PORTS`` ("8500-8549") when set.
PostgreSQL: two databases named after the test run's ``DATABASE_URL`` when it is PostgreSQL
(``<name>_source``, ``<name>_destination``), else after ``comcep_transfer`` on the local server.
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

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Transfert-entre-instances-2026"
SOURCE_NAME = "preproduction"


def free_port(taken=()):
    low, _sep, high = os.environ.get("COMCEP_TEST_PORTS", "").partition("-")
    candidates = range(int(low), int(high) + 1) if low and high else [0]
    for port in candidates:
        if port in taken:
            continue
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError(f"no free port in {os.environ['COMCEP_TEST_PORTS']}")


def postgresql_url(name):
    """The address of a PostgreSQL database for this run, on the run's own server."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/comcep_transfer"
    server, _sep, database = base.rpartition("/")
    # One name per process: two runs (or two test workers) on one server never share a database.
    return f"{server}/{database.split('?')[0]}_{name}_{os.getpid()}"


def recreate_postgresql_database(url, template=None):
    import psycopg

    server, _sep, database = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template.rpartition("/")[2]}"' if template else ""
        connection.execute(f'CREATE DATABASE "{database}"{suffix}')


def drop_postgresql_database(url):
    import psycopg

    server, _sep, database = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


class Instance:
    def __init__(self, name, directory, port, key, environ=None, database="sqlite"):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        if database == "postgresql":
            self.database = None
            self.database_url = postgresql_url(name)
        else:
            self.database = directory / f"{name}.sqlite3"
            self.database_url = f"sqlite:///{self.database}"
        self.media = directory / f"{name}-media"
        self.environ = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.media),
            "PRIVATE_MEDIA_ROOT": str(directory / f"{name}-private"),
            # Each instance its own file cache: a shared one would hand one instance the other's
            # cached members and pages (same ids, other rows).
            "CACHE_DIR": str(directory / f"{name}-cache"),
            "ATTACHMENTS_CACHE_DIR": str(directory / f"{name}-attachments-cache"),
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

    def stop_serving(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=10)

    def restart(self, **environ):
        """Serve again with these environment variables changed (same database and files)."""
        self.stop_serving()
        self.environ.update(environ)
        self.start()
        self.wait_until_serving()

    def stop(self):
        self.stop_serving()
        if self.database is None:
            drop_postgresql_database(self.database_url)

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
user = User.objects.create_user("redacteur", "redacteur@production.example", "{password}",
                                is_staff=True)
user.groups.add(Group.objects.get(name="Rédacteurs"))
# Who creates the editors, through Wagtail's user form (is_staff is never set there).
User.objects.create_superuser("superviseur", "superviseur@production.example", "{password}")
""".replace("{password}", PASSWORD)

SOURCE_SETUP = """
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="editrice")
user.set_password("{password}")
user.save()
""".replace("{password}", PASSWORD)


def start_two_instances(directory, database="sqlite"):
    """(source, destination), both serving; migrations run once and the database is copied."""
    key = secrets.token_urlsafe(48)
    source = Instance("source", directory, free_port(), key, database=database)
    destination = Instance(
        "destination",
        directory,
        free_port(taken={source.port}),
        secrets.token_urlsafe(48),
        environ={
            "WAGTAILTRANSFER_SOURCE_NAME": SOURCE_NAME,
            "WAGTAILTRANSFER_SOURCE_URL": f"{source.url}/wagtail-transfer/",
            "WAGTAILTRANSFER_SOURCE_SECRET_KEY": key,
        },
        database=database,
    )
    if database == "postgresql":
        recreate_postgresql_database(source.database_url)
        source.manage("migrate", "--noinput", "--skip-checks")
        recreate_postgresql_database(destination.database_url, template=source.database_url)
    else:
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
