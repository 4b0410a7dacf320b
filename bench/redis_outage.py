"""Redis restarted under load: how many requests fail while it is away.

    .venv/bin/python bench/redis_outage.py                  # this checkout
    .venv/bin/python bench/redis_outage.py --root ../other  # another checkout (same .venv)

Starts its own Redis (OUTAGE_REDIS_PORT, default 6391; no persistence, as in production), the
portal under gunicorn with the production settings (2 sync workers) on a PostgreSQL database holding
the demo (OUTAGE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/comcep_redis, created,
migrated and filled if needed), signs a member in through the sign-in form, then loads the key
pages for OUTAGE_SECONDS (15) with keep-alive connections, anonymous and signed in, while Redis is
stopped in the middle and started again OUTAGE_DOWN_SECONDS (1) later. Prints the answers by status
and by second: every answer that is not 2xx or 3xx (or no answer at all) is an error. Exits
non-zero if there was one.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.client import HTTPConnection
from pathlib import Path

from run import ensure_database, portal_env

HERE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get(
    "OUTAGE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/comcep_redis"
)
REDIS_PORT = int(os.environ.get("OUTAGE_REDIS_PORT", "6391"))
SECONDS = float(os.environ.get("OUTAGE_SECONDS", "15"))
DOWN_SECONDS = float(os.environ.get("OUTAGE_DOWN_SECONDS", "1"))
PORT = int(os.environ.get("OUTAGE_PORT", "8131"))
CONNECTIONS = {"anonyme": 3, "membre": 3}
MEMBER = "julien"

# The key pages of the demo (the detail pages are looked up in the database).
URLS_CODE = """
import json
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from machina.core.db.models import get_model
from cms.news.models import NewsPage
from cms.offers.models import OfferPage
from cms.structures.models import StructurePage
from cms.videos.models import VideoPage

Topic = get_model("forum_conversation", "Topic")
topic = Topic.objects.filter(approved=True, forum__name="Accueil et posture").first() or (
    Topic.objects.filter(approved=True).order_by("pk").first()
)
forum = topic.forum
print("URLS-JSON " + json.dumps([
    "/", "/offres/", "/offres/?q=bilan", OfferPage.objects.live().order_by("pk").first().url,
    "/videos/", VideoPage.objects.live().order_by("pk").first().url,
    "/actualites/", NewsPage.objects.live().order_by("pk").first().url,
    "/structures/", StructurePage.objects.live().order_by("pk").first().url,
    "/forum/", reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}),
    reverse("forum_conversation:topic", kwargs={
        "forum_slug": forum.slug, "forum_pk": forum.pk, "slug": topic.slug, "pk": topic.pk}),
    "/forum/sujets/", "/recherche/?q=VAE", "/api/v2/offers/", "/api/v2/news/",
    "/api/v2/videos/", "/plan-du-site/",
]))
"""
MEMBER_URLS = ["/notifications/", "/comptes/profil/"]


def environment(root):
    """The benchmark's production environment (bench/run.py), on this script's database and
    Redis, serving the code of ``root``."""
    return portal_env(
        "",
        PORT,
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        PAGE_CACHE_SECONDS="600",
        STATIC_ROOT=str(root / ".cache" / "outage-static"),
        LOG_LEVEL="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=str(root),
    )


def start_redis():
    """Our own Redis (never the shared one): no persistence, a memory limit, LRU eviction."""
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "allkeys-lru",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1).close()
            return process
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"redis-server on port {REDIS_PORT} did not start")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def prepare(root, env):
    ensure_database(DATABASE_URL)
    quiet = {"cwd": root, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput"], **quiet)
    subprocess.run([PYTHON, "manage.py", "load_demo", "--force"], **quiet)
    if not (Path(env["STATIC_ROOT"]) / "staticfiles.json").exists():
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput"], **quiet)
    found = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", URLS_CODE],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(found.split("URLS-JSON ", 1)[1])


def request(connection, method, path, cookies, data=None):
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body, headers)
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        if value and "max-age=0" not in header.lower():
            cookies[name] = value
    return response.status, response.headers, text


def sign_in(env):
    """The member signs in through the form (by e-mail address, or by username on older code)."""
    found = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            "from community.demo import DEMO_PASSWORD; "
            f"print(get_user_model().objects.get(username={MEMBER!r}).email, DEMO_PASSWORD)",
        ],
        cwd=env["PYTHONPATH"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    email, password = found[-2:]
    for name in (email, MEMBER):
        cookies = {}
        connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
        _status, _headers, text = request(connection, "GET", "/comptes/connexion/", cookies)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
        status, _headers, _text = request(
            connection,
            "POST",
            "/comptes/connexion/",
            cookies,
            {"csrfmiddlewaretoken": token, "username": name, "password": password},
        )
        if status == 302 and "sessionid" in cookies:
            return {"sessionid": cookies["sessionid"]}
    raise SystemExit("the member could not sign in")


def load(urls, session, seconds, outage_at):
    """Keep-alive connections in threads; returns [(seconds since the outage, status)]."""
    answers = []
    began = time.monotonic()
    deadline = began + seconds

    def worker(who, offset):
        cookies = dict(session) if who == "membre" else {}
        paths = urls + (MEMBER_URLS if who == "membre" else [])
        connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
        index = offset
        while time.monotonic() < deadline:
            path = paths[index % len(paths)]
            index += 1
            try:
                status, _headers, _text = request(connection, "GET", path, cookies)
            except OSError:
                status = "sans réponse"
                connection.close()
                connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
            answers.append((time.monotonic() - outage_at[0], who, path, status))

    threads = [
        threading.Thread(target=worker, args=(who, number * 7))
        for who, count in CONNECTIONS.items()
        for number in range(count)
    ]
    for thread in threads:
        thread.start()
    return threads, answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=HERE, help="the checkout to serve")
    options = parser.parse_args()
    root = options.root.resolve()
    env = environment(root)
    redis = start_redis()
    portal = None
    try:
        urls = prepare(root, env)
        (root / ".cache").mkdir(exist_ok=True)
        log = open(root / ".cache" / "outage-gunicorn.log", "w")  # noqa: SIM115
        portal = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "cms.wsgi:application", "--workers", "2"]
            + ["--bind", f"127.0.0.1:{PORT}"],
            cwd=root,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                HTTPConnection("127.0.0.1", PORT, timeout=5).request("GET", "/robots.txt")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer") from None
                time.sleep(0.3)
        session = sign_in(env)
        # Warm: every page once in each cache.
        for cookies in ({}, dict(session)):
            connection = HTTPConnection("127.0.0.1", PORT, timeout=30)
            for path in urls:
                request(connection, "GET", path, cookies)

        outage_at = [time.monotonic() + SECONDS / 2]
        threads, answers = load(urls, session, SECONDS, outage_at)
        time.sleep(max(0, outage_at[0] - time.monotonic()))
        stop(redis)
        time.sleep(DOWN_SECONDS)
        redis = start_redis()
        for thread in threads:
            thread.join()
    finally:
        if portal is not None:
            stop(portal)
        stop(redis)

    def bad(status):
        return not (isinstance(status, int) and 200 <= status < 400)

    statuses = Counter(str(status) for *_rest, status in answers)
    errors = [answer for answer in answers if bad(answer[3])]
    print(
        f"\n{root} — {len(answers)} requêtes en {SECONDS:.0f} s "
        f"({sum(CONNECTIONS.values())} connexions, anonymes et membre), Redis arrêté "
        f"{DOWN_SECONDS:.0f} s au milieu"
    )
    print("Réponses par statut : " + ", ".join(f"{k} : {v}" for k, v in sorted(statuses.items())))
    print(f"Erreurs (ni 2xx ni 3xx) : {len(errors)}")
    by_second = Counter(int(at // 1) for at, *_rest in answers)
    errors_by_second = Counter(int(at // 1) for at, *_rest in errors)
    print("seconde (0 = arrêt de Redis) : requêtes / erreurs")
    for second in sorted(by_second):
        print(f"  {second:+3d} s : {by_second[second]:5d} / {errors_by_second[second]:4d}")
    if errors:
        worst = Counter((who, path) for _at, who, path, _status in errors).most_common(5)
        print("Adresses les plus touchées : " + "; ".join(f"{w} {p} ({n})" for (w, p), n in worst))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
