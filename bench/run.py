"""Benchmark: the portal's key pages against a bare Django "hello" view, on two data sizes.

    .venv/bin/python bench/run.py                 # what `make bench` runs
    BENCH_SECONDS=10 .venv/bin/python bench/run.py --only demo

For each data set (the demo content, then the scale data set of ``manage.py make_scale_data``:
20,000 topics, 100,000 posts, 5,000 offers, 2,000 members), on PostgreSQL and Redis:

1. builds or completes the database (migrate, load_demo, make_scale_data: all idempotent);
2. measures in process, with Django's test client, the queries of each key page for an anonymous
   reader and a signed-in counsellor: with the page cache off, and as served (second visit);
3. starts the portal under gunicorn with the production settings, and bench/hello.py beside it
   (2 sync workers each), then loads each page with wrk (``-t2 -c8``; a Python load generator if
   wrk is missing, which on a small machine becomes the bottleneck itself);
4. prints req/s, p50/p95 latency, queries, and req/s as a share of the hello app's (same run);

and at the end the p50 on the scale data divided by the p50 on the demo data, page by page.

Environment: BENCH_SECONDS (per page, default 5), BENCH_DATABASE_URL (server, default
postgres://postgres@127.0.0.1:5432), BENCH_REDIS_URL (default redis://127.0.0.1:6379/11),
BENCH_PAGE_CACHE_SECONDS (600; 0 measures without the anonymous page cache), BENCH_DATABASE_PREFIX
(comcep_bench: databases comcep_bench_demo and comcep_bench_scale).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
# Redis as production runs it (README, "Redis : limite de mémoire"): a memory limit, the least
# recently used keys evicted.
REDIS_MAXMEMORY = os.environ.get("BENCH_REDIS_MAXMEMORY", "256mb")
PORTAL_PORT, HELLO_PORT = 8101, 8102
PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "comcep_bench")
DATA_SETS = {
    # name: (database, make_scale_data arguments)
    "demo": (
        f"{PREFIX}_demo",
        ["--topics", "20", "--posts", "100", "--offers", "0", "--members", "10"],
    ),
    "scale": (f"{PREFIX}_scale", []),
}
COUNSELLOR = "bench-conseillere"
SECRETS_FILE = ROOT / ".cache" / "bench-secrets.json"


def secrets_env():
    """Random keys for the production settings, kept between runs (sessions stay valid)."""
    if SECRETS_FILE.exists():
        return json.loads(SECRETS_FILE.read_text())
    SECRETS_FILE.parent.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(64),
        "WAGTAILTRANSFER_SECRET_KEY": secrets.token_urlsafe(64),
    }
    SECRETS_FILE.write_text(json.dumps(values))
    return values


def portal_env(database, port=PORTAL_PORT, **extra):
    env = dict(os.environ)
    env.update(secrets_env())
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=f"{SERVER}/{database}",
        REDIS_URL=REDIS,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        CONN_MAX_AGE="60",
        STATIC_ROOT=str(ROOT / ".cache" / "bench-static"),
        PAGE_CACHE_SECONDS=os.environ.get("BENCH_PAGE_CACHE_SECONDS", "600"),
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def manage(env, *args, quiet=False):
    out = subprocess.DEVNULL if quiet else None
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=out)


def database_exists(database):
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{database}"')
    return bool(found)


def prepare(name):
    database, scale_args = DATA_SETS[name]
    env = portal_env(database)
    print(f"\n## Données « {name} » ({database})", flush=True)
    database_exists(database)
    manage(env, "migrate", "--noinput", quiet=True)
    manage(env, "load_demo", "--force", quiet=True)
    manage(env, "make_scale_data", *scale_args)
    # Planner statistics after a bulk load (autovacuum may not have run yet).
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as connection:
        connection.execute("ANALYZE")
    # Each data set starts from an empty cache: what is cached is keyed by version numbers and
    # ids, which two databases sharing one Redis database would mix up.
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    limit_redis_memory(REDIS)
    static = ROOT / ".cache" / "bench-static" / "staticfiles.json"
    if not static.exists():
        manage(env, "collectstatic", "--noinput", quiet=True)
    return env


def limit_redis_memory(url):
    """Set the Redis at ``url`` as production runs it: a memory limit, LRU eviction."""
    import redis

    client = redis.Redis.from_url(url)
    client.config_set("maxmemory", REDIS_MAXMEMORY)
    client.config_set("maxmemory-policy", "allkeys-lru")


# In process (a child run with the data set's environment) --------------------------------------


def key_pages():
    from django.urls import reverse
    from machina.core.db.models import get_model

    from cms.offers.models import OfferIndexPage, OfferPage
    from cms.videos.models import VideoIndexPage, VideoPage
    from search.management.commands.make_scale_data import LONG_TOPIC, PREFIX, RUBRIC

    Forum = get_model("forum", "Forum")
    Topic = get_model("forum_conversation", "Topic")
    rubric = Forum.objects.get(name=RUBRIC)
    topic = Topic.objects.get(forum=rubric, slug=f"{PREFIX}0")
    long_topic = Topic.objects.get(forum=rubric, slug=LONG_TOPIC)

    def topic_url(topic):
        return reverse(
            "forum_conversation:topic",
            kwargs={
                "forum_slug": rubric.slug,
                "forum_pk": rubric.pk,
                "slug": topic.slug,
                "pk": topic.pk,
            },
        )

    live = OfferPage.objects.live().exclude(slug__startswith=PREFIX).order_by("pk")
    return [
        ("accueil", "/"),
        ("offres", OfferIndexPage.objects.live().first().url),
        ("une offre", live.first().url),
        ("vidéos", VideoIndexPage.objects.live().first().url),
        ("une vidéo", VideoPage.objects.live().order_by("pk").first().url),
        ("forum", "/forum/"),
        ("une rubrique", reverse("forum:forum", kwargs={"slug": rubric.slug, "pk": rubric.pk})),
        ("un sujet", topic_url(topic)),
        ("sujet de 50 messages", topic_url(long_topic)),
        ("api offres", "/api/v2/offers/"),
    ]


def counsellor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from community.accounts.roles import COUNSELLORS_GROUP

    member, _created = get_user_model().objects.get_or_create(
        username=COUNSELLOR,
        defaults={"email": f"{COUNSELLOR}@example.org", "display_name": "Camille B. (banc)"},
    )
    member.groups.add(Group.objects.get_or_create(name=COUNSELLORS_GROUP)[0])
    return member


def measure_in_process():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    def queries(client, url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        return len(captured)

    member_client = Client()
    member_client.force_login(counsellor())
    results = []
    for name, url in key_pages():
        for who, client in (("anonyme", Client()), ("conseiller", member_client)):
            with override_settings(COMCEP_PAGE_CACHE_SECONDS=0):
                client.get(url)  # one-off costs (read tracking, caches) before measuring
                uncached = queries(client, url)
            client.get(url)
            served = queries(client, url)
            results.append(
                {"page": name, "who": who, "url": url, "queries": served, "uncached": uncached}
            )
    cookie = member_client.cookies[settings.SESSION_COOKIE_NAME].value
    print("BENCH-JSON " + json.dumps({"pages": results, "session": cookie}))


# Load --------------------------------------------------------------------------------------------


def start(args, env, port):
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"gunicorn on port {port} did not answer")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def wrk_available():
    return shutil.which("wrk") is not None


def load_with_wrk(url, cookie, seconds):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(ROOT / "bench" / "latency.lua")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    fields = dict(re.findall(r"(\w+)=(\d+)", output.split("BENCH", 1)[1]))
    return {
        "rps": rps,
        "p50": int(fields["p50_us"]) / 1000,
        "p95": int(fields["p95_us"]) / 1000,
        "bad": int(fields["non2xx"]) + int(fields["errors"]),
    }


def load_with_python(url, cookie, seconds, connections=8):
    """Keep-alive connections in threads: on 2 cores, the generator competes with the server."""
    match = re.match(r"http://([^/]+)(/.*)", url)
    host, path = match.group(1), match.group(2)
    latencies, bad = [], [0]
    deadline = time.monotonic() + seconds
    headers = {"Cookie": cookie} if cookie else {}

    def worker():
        connection = HTTPConnection(host, timeout=30)
        while time.monotonic() < deadline:
            began = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies.append(time.perf_counter() - began)
            if response.status >= 400:
                bad[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "bad": bad[0],
    }


def load(url, cookie=None, seconds=SECONDS):
    if wrk_available():
        load_with_wrk(url, cookie, 1)  # warm up
        return load_with_wrk(url, cookie, seconds)
    load_with_python(url, cookie, 1)
    return load_with_python(url, cookie, seconds)


def run_data_set(name):
    env = prepare(name)
    child = subprocess.run(
        [PYTHON, __file__, "--in-process"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if child.returncode:
        sys.stderr.write(child.stdout + child.stderr)
        raise SystemExit("in-process measurement failed")
    measured = json.loads(child.stdout.split("BENCH-JSON ", 1)[1])
    cookie = f"sessionid={measured['session']}"
    hello_env = {key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"}
    hello = start(["bench.hello:application"], hello_env, HELLO_PORT)
    portal = start(["cms.wsgi:application"], env, PORTAL_PORT)
    try:
        floor = load(f"http://127.0.0.1:{HELLO_PORT}/")
        rows = []
        for row in measured["pages"]:
            figures = load(
                f"http://127.0.0.1:{PORTAL_PORT}{row['url']}",
                cookie if row["who"] == "conseiller" else None,
            )
            rows.append(row | figures | {"ratio": figures["rps"] / floor["rps"]})
        floor_after = load(f"http://127.0.0.1:{HELLO_PORT}/")
    finally:
        stop(portal)
        stop(hello)
    print_table(name, floor, floor_after, rows)
    return rows


def target(row):
    """The issue's targets, as a share of the hello app's req/s in the same run."""
    if row["who"] == "anonyme":
        return 0.50
    return 0.05 if row["page"] == "sujet de 50 messages" else 0.10


def verdict(row):
    goal = target(row)
    if row["ratio"] >= goal:
        return f"{goal * 100:.0f} % : atteinte"
    return f"{goal * 100:.0f} % : −{(goal - row['ratio']) * 100:.1f} pts"


def print_table(name, floor, floor_after, rows):
    tool = "wrk -t2 -c8" if wrk_available() else "générateur Python (8 connexions)"
    print(
        f"\n### {name} — {tool}, {SECONDS} s par page, gunicorn 2 workers sync, "
        f"hello : {floor['rps']:.0f} req/s (p50 {floor['p50']:.1f} ms) avant, "
        f"{floor_after['rps']:.0f} req/s après"
    )
    print(
        f"| {'page':<22}| {'qui':<11}| {'req/s':>7} | {'p50 ms':>7} | {'p95 ms':>7} "
        f"| {'requêtes SQL':>12} | {'sans cache':>10} | {'/ hello':>7} | {'cible':>18} "
        "| erreurs |"
    )
    widths = (23, 12, 9, 9, 9, 14, 12, 9, 20, 9)
    print("|" + "|".join("-" * width for width in widths) + "|")
    for row in rows:
        print(
            f"| {row['page']:<22}| {row['who']:<11}| {row['rps']:>7.0f} | {row['p50']:>7.1f} "
            f"| {row['p95']:>7.1f} | {row['queries']:>12} | {row['uncached']:>10} "
            f"| {row['ratio'] * 100:>6.1f}% | {verdict(row):>18} | {row['bad']:>7} |"
        )
    sys.stdout.flush()


def print_scale_ratios(demo, scale):
    print("\n### p50 sur les données d'échelle / p50 sur les données de démonstration")
    print(f"| {'page':<22}| {'qui':<11}| {'démo ms':>8} | {'échelle ms':>10} | {'rapport':>7} |")
    print("|" + "-" * 23 + "|" + "-" * 12 + "|----------|------------|---------|")
    for small, large in zip(demo, scale, strict=True):
        print(
            f"| {small['page']:<22}| {small['who']:<11}| {small['p50']:>8.1f} "
            f"| {large['p50']:>10.1f} | "
            + (f"{large['p50'] / small['p50']:>7.2f}" if small["p50"] * large["p50"] else "      —")
            + " |"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=sorted(DATA_SETS))
    options = parser.parse_args()
    if options.in_process:
        sys.path.insert(0, str(ROOT))
        measure_in_process()
        return
    if not wrk_available():
        print("wrk introuvable : générateur de charge Python (il limite lui-même le débit).")
    results = {name: run_data_set(name) for name in ([options.only] if options.only else DATA_SETS)}
    if len(results) == 2:
        print_scale_ratios(results["demo"], results["scale"])


if __name__ == "__main__":
    main()
