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

``--mix`` measures real traffic instead (``make bench ARGS=--mix``): wrk rotates over every public
address of the data set (every live public page, every rubric, every topic; on the scale data a
sample of 2,000 topics), anonymous and signed in as the demo's julien, while a writer posts replies
through HTTP as several members (the reply form, its CSRF and one-time tokens, rate limits raised
for the bench), spread over the rubrics, at 0, 1 per 10 s, 1 per 5 s, 1 per 2 s and 1 per second;
then with the page caches off. Each row: req/s, its share of the hello app's in the same run,
p50/p99, answers that were not 2xx, the share served from a page cache, replies written.

Environment: BENCH_SECONDS (per page, default 5), BENCH_DATABASE_URL (server, default
postgres://postgres@127.0.0.1:5432), BENCH_REDIS_URL (default redis://127.0.0.1:6379/11),
BENCH_PAGE_CACHE_SECONDS (600; 0 measures without the anonymous page cache), BENCH_DATABASE_PREFIX
(comcep_bench: databases comcep_bench_demo and comcep_bench_scale), BENCH_PORT (8101: the portal;
the hello app on the next port), BENCH_MIX_SECONDS (per row of the mix, default 10).
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
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
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
PORTAL_PORT = int(os.environ.get("BENCH_PORT", "8101"))
HELLO_PORT = PORTAL_PORT + 1
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


def ensure_database(url):
    """Create the PostgreSQL database of ``url`` if it does not exist yet."""
    import psycopg

    server, _, database = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{database}"')


def prepare(name):
    database, scale_args = DATA_SETS[name]
    env = portal_env(database)
    print(f"\n## Données « {name} » ({database})", flush=True)
    ensure_database(f"{SERVER}/{database}")
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
    # Each time: a static file added since the last run would otherwise be a 500 on every page.
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
    from django.contrib.auth.models import AnonymousUser
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
    # A topic with a poll (the demo's): the reader's vote is a part of their own.
    public = Topic.objects.visible_to(AnonymousUser())
    poll_topic = public.filter(poll__isnull=False).order_by("pk").first()

    live = OfferPage.objects.live().exclude(slug__startswith=PREFIX).order_by("pk")
    return [
        ("accueil", "/"),
        ("offres", OfferIndexPage.objects.live().first().url),
        ("une offre", live.first().url),
        ("vidéos", VideoIndexPage.objects.live().first().url),
        ("une vidéo", VideoPage.objects.live().order_by("pk").first().url),
        ("forum", "/forum/"),
        ("une rubrique", reverse("forum:forum", kwargs={"slug": rubric.slug, "pk": rubric.pk})),
        ("un sujet", topic.get_absolute_url()),
        ("sujet de 50 messages", long_topic.get_absolute_url()),
        ("un sondage", poll_topic.get_absolute_url()),
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


def in_process(env, option, what):
    """Run this script with ``option`` in a child process on ``env``; return the JSON it printed."""
    child = subprocess.run(
        [PYTHON, __file__, option], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if child.returncode:
        sys.stderr.write(child.stdout + child.stderr)
        raise SystemExit(f"{what} failed")
    return json.loads(child.stdout.split("BENCH-JSON ", 1)[1])


def run_data_set(name):
    env = prepare(name)
    measured = in_process(env, "--in-process", "in-process measurement")
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
    return 0.05 if row["page"] in ("sujet de 50 messages", "un sondage") else 0.10


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


# The mix: every public address, readers and writers at once -------------------------------------

MIX_SECONDS = int(os.environ.get("BENCH_MIX_SECONDS", "10"))
# Before the rows, each reader visits every address once, within this time, over this many
# connections (the scale data's 7,000 addresses take about a minute).
MIX_WARM_UP = int(os.environ.get("BENCH_MIX_WARM_UP", "300"))
MIX_WARM_UP_CONNECTIONS = 4
MIX_READER = "julien"  # the demo's counsellor
MIX_WRITERS = 6  # members who reply during the mix
MIX_TOPIC_SAMPLE = 2000  # topics in the mix when the data set has more
# Replies per second of each row (0: readers only).
MIX_RATES = (0, 0.1, 0.2, 0.5, 1)
# The writers' replies are not held back by the rate limits of real members.
MIX_RATE_LIMITS = "post=100000/m,post_hourly=1000000/h,post_ip=100000/m"


def mix_plan():
    """The mix's addresses, sessions and reply forms (run in process, on the data set)."""
    import random

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client
    from django.urls import reverse
    from machina.core.db.models import get_model
    from wagtail.models import Page

    from cms.listing import visible_pages
    from community.accounts.roles import COUNSELLORS_GROUP
    from community.forum_conversation.visibility import ForumAccess

    Forum = get_model("forum", "Forum")
    Topic = get_model("forum_conversation", "Topic")
    anonymous = AnonymousUser()
    paths = []
    for page in visible_pages(Page.objects.filter(depth__gt=1)).order_by("path"):
        url = page.get_url()
        if url and url.startswith("/"):
            paths.append(url)
    paths += ["/forum/", reverse("community:topic_list")]
    readable = ForumAccess.for_user(anonymous).readable
    rubrics = list(Forum.objects.filter(pk__in=readable, type=Forum.FORUM_POST).order_by("pk"))
    paths += [reverse("forum:forum", kwargs={"slug": f.slug, "pk": f.pk}) for f in rubrics]
    topics = Topic.objects.visible_to(anonymous).select_related("forum").order_by("pk")
    ids = list(topics.values_list("pk", flat=True))
    if len(ids) > MIX_TOPIC_SAMPLE:
        ids = sorted(random.Random(23).sample(ids, MIX_TOPIC_SAMPLE))  # noqa: S311

    def topic_url(topic, name="topic"):
        names = ("slug", "pk") if name == "topic" else ("topic_slug", "topic_pk")
        kwargs = {"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id}
        kwargs |= dict(zip(names, (topic.slug, topic.pk), strict=True))
        return reverse(f"forum_conversation:{name}", kwargs=kwargs)

    chosen = topics.filter(pk__in=ids)
    paths += [topic_url(topic) for topic in chosen.iterator()]

    # Replies go to open topics, a rubric after another (the newest topics of each).
    open_topics = {
        rubric.pk: list(topics.filter(forum=rubric, status=Topic.TOPIC_UNLOCKED)[:5])
        for rubric in rubrics
    }
    targets = []
    for round_ in range(5):
        for rubric in rubrics:
            if round_ < len(open_topics[rubric.pk]):
                targets.append(topic_url(open_topics[rubric.pk][round_], "post_create"))

    def session(member):
        client = Client()
        client.force_login(member)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    User = get_user_model()
    reader = User.objects.get(username=MIX_READER)
    writers = list(
        User.approved_members()
        .filter(groups__name=COUNSELLORS_GROUP)
        .exclude(pk=reader.pk)
        .order_by("pk")[:MIX_WRITERS]
    )
    for writer in writers:
        # Their replies are published at once (new members' first posts wait for a moderator).
        if writer.premoderated_posts_remaining:
            writer.premoderated_posts_remaining = 0
            writer.save(update_fields=["premoderated_posts_remaining"])
    plan = {
        "paths": paths,
        "reader": session(reader),
        "writers": [session(writer) for writer in writers],
        "targets": targets,
    }
    print("BENCH-JSON " + json.dumps(plan))


class _FormFields(HTMLParser):
    """The fields of the page's POST form that has a ``content`` field (the reply form)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind not in ("checkbox", "radio", "file", "submit") or "checked" in attrs:
                self.current["fields"][attrs["name"]] = attrs.get("value") or ""
        elif self.current is not None and tag == "textarea":
            self.textarea = attrs.get("name")
            self.current["fields"][self.textarea] = ""

    def handle_data(self, data):
        if self.current is not None and self.textarea:
            self.current["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None


class ReplyWriter(threading.Thread):
    """Posts replies through HTTP, as a member does: the reply form is fetched (its CSRF and
    one-time tokens), then sent; ``rate`` replies per second, members and topics in turn."""

    def __init__(self, port, writers, targets, rate, seconds):
        super().__init__(daemon=True)
        self.port, self.writers, self.targets = port, writers, targets
        self.interval, self.seconds = 1 / rate, seconds
        self.written, self.failed = 0, 0
        self.count = 0

    def run(self):
        deadline = time.monotonic() + self.seconds
        due = time.monotonic()
        while due < deadline:
            time.sleep(max(0, due - time.monotonic()))
            try:
                ok = self.reply(self.count)
            except OSError:
                ok = False
            self.written += ok
            self.failed += not ok
            self.count += 1
            due += self.interval

    def request(self, method, path, cookies, body=None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, content

    def reply(self, number):
        from urllib.parse import urlencode, urljoin

        cookies = {"sessionid": self.writers[number % len(self.writers)]}
        path = self.targets[number % len(self.targets)]
        status, page = self.request("GET", path, cookies)
        if status != 200:
            return False
        parser = _FormFields()
        parser.feed(page)
        form = next((f for f in parser.forms if "content" in f["fields"]), None)
        if form is None:
            return False
        fields = form["fields"] | {
            "content": f"Merci, nous faisons de même dans notre agence (réponse {number})."
        }
        action = urljoin(path, form["action"] or path)
        status, _page = self.request("POST", action, cookies, urlencode(fields))
        return status == 302


def warm_up(paths, cookie, seconds=MIX_WARM_UP):
    """Each address once (within ``seconds``), as readers had visited the site before: the rows
    then start from the caches that steady traffic over these addresses keeps warm (each address
    comes back well within a page's time in the cache), not from a cache still filling up."""
    headers = {"Cookie": cookie} if cookie else {}
    deadline = time.monotonic() + seconds

    def visit(share):
        connection = HTTPConnection("127.0.0.1", PORTAL_PORT, timeout=30)
        for path in share:
            if time.monotonic() > deadline:
                break
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
        connection.close()

    # As many connections as the portal has workers and cores, each a share of the addresses.
    with ThreadPoolExecutor(MIX_WARM_UP_CONNECTIONS) as pool:
        shares = [paths[n::MIX_WARM_UP_CONNECTIONS] for n in range(MIX_WARM_UP_CONNECTIONS)]
        list(pool.map(visit, shares))


def load_mix(paths_file, cookie, seconds):
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-s", str(ROOT / "bench" / "mix.lua")]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += [f"http://127.0.0.1:{PORTAL_PORT}/", "--", str(paths_file)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    fields = {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", output.split("BENCH", 1)[1])}
    return {
        "rps": rps,
        "p50": fields["p50_us"] / 1000,
        "p99": fields["p99_us"] / 1000,
        "bad": fields["non2xx"] + fields["errors"],
        "hits": fields["hits"] / fields["answers"] if fields["answers"] else 0.0,
    }


def run_mix(name):
    if not wrk_available():
        raise SystemExit("--mix needs wrk (apt-get install wrk).")
    env = prepare(name)
    plan = in_process(env, "--in-process-mix", "in-process preparation of the mix")
    paths_file = ROOT / ".cache" / f"bench-mix-{name}.txt"
    paths_file.write_text("\n".join(plan["paths"]) + "\n")
    readers = {"anonyme": None, MIX_READER: f"sessionid={plan['reader']}"}
    env = env | {"COMCEP_RATE_LIMITS": MIX_RATE_LIMITS}
    hello_env = {key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"}
    hello = start(["bench.hello:application"], hello_env, HELLO_PORT)
    rows = []
    try:
        floor = load(f"http://127.0.0.1:{HELLO_PORT}/")
        for caches_off in (False, True):
            portal_env_ = env | ({"PAGE_CACHE_SECONDS": "0"} if caches_off else {})
            portal = start(["cms.wsgi:application"], portal_env_, PORTAL_PORT)
            try:
                if not caches_off:
                    for cookie in readers.values():
                        warm_up(plan["paths"], cookie)
                for rate in (0,) if caches_off else MIX_RATES:
                    for who, cookie in readers.items():
                        load_mix(paths_file, cookie, 2)  # warm up
                        writer = None
                        if rate:
                            writer = ReplyWriter(
                                PORTAL_PORT, plan["writers"], plan["targets"], rate, MIX_SECONDS
                            )
                            writer.start()
                        figures = load_mix(paths_file, cookie, MIX_SECONDS)
                        if writer is not None:
                            writer.join()
                        rows.append(
                            figures
                            | {
                                "rate": rate,
                                "caches_off": caches_off,
                                "who": who,
                                "ratio": figures["rps"] / floor["rps"],
                                "written": writer.written if writer else 0,
                                "failed": writer.failed if writer else 0,
                            }
                        )
            finally:
                stop(portal)
        floor_after = load(f"http://127.0.0.1:{HELLO_PORT}/")
    finally:
        stop(hello)
    print_mix_table(name, len(plan["paths"]), floor, floor_after, rows)
    return rows


def traffic_label(row):
    if row["caches_off"]:
        return "caches des pages coupés"
    if not row["rate"]:
        return "sans écriture"
    return f"1 réponse / {1 / row['rate']:.0f} s"


def print_mix_table(name, addresses, floor, floor_after, rows):
    print(
        f"\n### Trafic réel, {name} — {addresses} adresses, wrk -t2 -c8, {MIX_SECONDS} s par "
        f"ligne, gunicorn 2 workers sync, hello : {floor['rps']:.0f} req/s avant, "
        f"{floor_after['rps']:.0f} req/s après"
    )
    print(
        f"| {'trafic':<24}| {'qui':<9}| {'req/s':>7} | {'/ hello':>7} | {'p50 ms':>7} "
        f"| {'p99 ms':>7} | {'non 2xx':>7} | {'du cache':>8} | {'réponses écrites':>16} |"
    )
    print("|" + "|".join("-" * w for w in (25, 10, 9, 9, 9, 9, 9, 10, 18)) + "|")
    for row in rows:
        written = f"{row['written']}" + (f" ({row['failed']} échecs)" if row["failed"] else "")
        print(
            f"| {traffic_label(row):<24}| {row['who']:<9}| {row['rps']:>7.0f} "
            f"| {row['ratio'] * 100:>6.1f}% | {row['p50']:>7.1f} | {row['p99']:>7.1f} "
            f"| {row['bad']:>7} | {row['hits'] * 100:>7.0f}% | {written:>16} |"
        )
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--in-process-mix", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=sorted(DATA_SETS))
    parser.add_argument(
        "--mix", action="store_true", help="real traffic: every address, readers and writers"
    )
    options = parser.parse_args()
    if options.in_process or options.in_process_mix:
        sys.path.insert(0, str(ROOT))
        if options.in_process:
            measure_in_process()
        else:
            import django

            django.setup()
            mix_plan()
        return
    if options.mix:
        for name in [options.only] if options.only else DATA_SETS:
            run_mix(name)
        return
    if not wrk_available():
        print("wrk introuvable : générateur de charge Python (il limite lui-même le débit).")
    results = {name: run_data_set(name) for name in ([options.only] if options.only else DATA_SETS)}
    if len(results) == 2:
        print_scale_ratios(results["demo"], results["scale"])


if __name__ == "__main__":
    main()
