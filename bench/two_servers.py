"""Two app servers on one PostgreSQL database and one Redis: what a load balancer relies on.

    .venv/bin/python bench/two_servers.py

Starts two gunicorn instances of the portal (production settings) on two ports and two
``db_worker`` processes, all on the same database (TWO_SERVERS_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/comcep_two_servers, created and migrated if needed) and the
same Redis (TWO_SERVERS_REDIS_URL, default redis://127.0.0.1:6379/12). Every request carries the
same Host header, as behind a load balancer. It checks, and exits non-zero if one fails:

1. a member signs in on server A and is signed in on server B (sessions in the database, read
   through the shared cache);
2. an anonymous page read on A is served from the shared cache on B;
3. a reply posted on B is seen at once by an anonymous reader on A (the cache version is shared);
4. tasks enqueued once run once, whichever worker takes them (no task runs twice).
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

from run import ensure_database, limit_redis_memory  # the benchmark's: Redis as production runs it

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "TWO_SERVERS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/comcep_two_servers"
)
REDIS_URL = os.environ.get("TWO_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/12")
HOST = "comcep.example"
PORTS = {"A": 8121, "B": 8122}
PASSWORD = secrets.token_urlsafe(16)
TASKS = 10

ENV = dict(
    os.environ,
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    DATABASE_URL=DATABASE_URL,
    REDIS_URL=REDIS_URL,
    SECRET_KEY=secrets.token_urlsafe(64),
    WAGTAILTRANSFER_SECRET_KEY=secrets.token_urlsafe(64),
    ALLOWED_HOSTS=f"{HOST},127.0.0.1",
    WAGTAILADMIN_BASE_URL=f"http://{HOST}",
    SECURE_SSL_REDIRECT="0",
    PAGE_CACHE_SECONDS="600",
    CONN_MAX_AGE="60",
    STATIC_ROOT=str(ROOT / ".cache" / "bench-static"),
    LOG_LEVEL="ERROR",
    PYTHONPATH=str(ROOT),
)


class Browser:
    """Cookies kept by hand: the production cookies are Secure, and this talks plain HTTP."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, data=None):
        connection = HTTPConnection("127.0.0.1", PORTS[server], timeout=60)
        headers = {"Host": HOST}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        connection.close()
        return response, text

    def get(self, server, path):
        return self.request(server, "GET", path)

    def form(self, server, path):
        """The fields a browser would send for the page's form holding a CSRF token."""
        from bs4 import BeautifulSoup

        response, text = self.get(server, path)
        check(response.status == 200, f"{path} on {server}: {response.status}")
        form = BeautifulSoup(text, "html.parser").select_one("main form[method=post]")
        data = {}
        for field in form.find_all(["input", "textarea"]):
            if field.get("name") and field.get("type") not in {"submit", "button", "file"}:
                if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
                    continue
                data[field["name"]] = (
                    field.text if field.name == "textarea" else field.get("value", "")
                )
        return data


FAILURES = []


def check(condition, message):
    print(("  ok   " if condition else "  ÉCHEC ") + message, flush=True)
    if not condition:
        FAILURES.append(message)


def prepare_database():
    ensure_database(DATABASE_URL)
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        if (
            command[0] == "collectstatic"
            and (Path(ENV["STATIC_ROOT"]) / "staticfiles.json").exists()
        ):
            continue
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=ENV,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def prepare_content():
    """A rubric, a topic and a counsellor who may post without pre-moderation (in process)."""
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from machina.core.db.models import get_model

    from community.accounts.roles import COUNSELLORS_GROUP, apply_forum_permissions
    from home.site import ensure_site

    Forum = get_model("forum", "Forum")
    Topic = get_model("forum_conversation", "Topic")
    Post = get_model("forum_conversation", "Post")
    ensure_site()
    category, _ = Forum.objects.get_or_create(
        name="Deux serveurs", type=Forum.FORUM_CAT, parent=None
    )
    rubric, _ = Forum.objects.get_or_create(
        name="Répartition de charge", type=Forum.FORUM_POST, parent=category
    )
    apply_forum_permissions()
    member, _ = get_user_model().objects.get_or_create(
        username="deux-serveurs", defaults={"email": "deux-serveurs@example.org"}
    )
    member.display_name = "Alix D. (deux serveurs)"
    member.premoderated_posts_remaining = 0
    member.set_password(PASSWORD)
    member.save()
    member.groups.add(Group.objects.get_or_create(name=COUNSELLORS_GROUP)[0])
    topic = Topic.objects.filter(forum=rubric).first()
    if topic is None:
        topic = Topic.objects.create(
            forum=rubric,
            poster=member,
            subject="Un sujet lu sur deux serveurs",
            type=Topic.TOPIC_POST,
            status=Topic.TOPIC_UNLOCKED,
            approved=True,
        )
        Post.objects.create(topic=topic, poster=member, content="Premier message.", approved=True)
        topic.refresh_from_db()
    return member, rubric, topic


def start(command):
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(server):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            Browser().get(server, "/robots.txt")
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server {server} did not answer")


def main():
    started = time.monotonic()
    limit_redis_memory(REDIS_URL)
    prepare_database()
    member, rubric, topic = prepare_content()
    from django.urls import reverse

    from bench.tasks import MARK, record_run

    topic_path = topic.get_absolute_url()
    reply_path = reverse(
        "forum_conversation:post_create",
        kwargs={
            "forum_slug": rubric.slug,
            "forum_pk": rubric.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
        },
    )
    processes = [
        start(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "--workers",
                "1",
                "--bind",
                f"127.0.0.1:{port}",
            ]
        )
        for port in PORTS.values()
    ]
    try:
        for server in PORTS:
            wait_for(server)
        print(f"Deux serveurs prêts en {time.monotonic() - started:.0f} s.")

        print("1. Connexion sur A, toujours connecté sur B")
        browser = Browser()
        data = browser.form("A", reverse("accounts:login"))
        data.update(username=member.email, password=PASSWORD)
        response, _text = browser.request("A", "POST", reverse("accounts:login"), data)
        check(response.status == 302 and "sessionid" in browser.cookies, "connexion acceptée par A")
        response, text = browser.get("B", reverse("accounts:profile"))
        check(response.status == 200 and member.display_name in text, "B reconnaît la session")

        print("2. Un cache partagé")
        anonymous = Browser()
        anonymous.get("A", topic_path)
        response, _text = anonymous.get("B", topic_path)
        check(response.headers.get("X-Page-Cache") == "hit", "B sert la page mise en cache par A")

        print("3. Une réponse publiée sur B, vue aussitôt sur A")
        reply = f"Réponse vérifiée sur deux serveurs {secrets.token_hex(4)}."
        data = browser.form("B", reply_path)
        data["content"] = reply
        response, _text = browser.request("B", "POST", reply_path, data)
        check(response.status == 302, f"réponse enregistrée par B ({response.status})")
        response, text = anonymous.get("A", topic_path)
        check(reply in text, "le lecteur anonyme la voit sur A, sans page périmée")
        check(not anonymous.cookies, "le lecteur anonyme ne reçoit aucun cookie")

        print(f"4. {TASKS} tâches, deux workers, une exécution chacune")
        from django.contrib.admin.models import LogEntry

        workers = [
            start([PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"])
            for _ in range(2)
        ]
        processes += workers
        tokens = [secrets.token_hex(8) for _ in range(TASKS)]
        results = [record_run.enqueue(token, member.pk) for token in tokens]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for result in results:
                result.refresh()
            if all(result.is_finished for result in results):
                break
            time.sleep(0.3)
        time.sleep(1)  # a second worker that would run a task again has had time to
        runs = LogEntry.objects.filter(change_message=MARK, object_repr__in=tokens)
        counts = [runs.filter(object_repr=token).count() for token in tokens]
        check(
            all(result.status == "SUCCESSFUL" for result in results),
            "toutes les tâches ont abouti",
        )
        check(counts == [1] * TASKS, f"chaque tâche a tourné une fois ({counts})")
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
    print(f"Terminé en {time.monotonic() - started:.0f} s.")
    if FAILURES:
        raise SystemExit(f"{len(FAILURES)} vérification(s) en échec")


if __name__ == "__main__":
    main()
