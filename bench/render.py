"""The base render: milliseconds per request of the main pages with the page caches off, in process.

    .venv/bin/python bench/render.py                     # every page, anonymous and signed in
    .venv/bin/python bench/render.py --profile "un sondage" --who julien   # cProfile of one page

Django's test client, the production settings and the demo database of ``bench/run.py``
(``BENCH_DATABASE_URL``, ``BENCH_DATABASE_PREFIX``, ``BENCH_REDIS_URL``; run ``make bench`` once to
build it), ``PAGE_CACHE_SECONDS=0``: neither the anonymous nor the members' page cache, but what
every page reads kept per version of public content (``cms/performance/shared.py``) and template
fragments as in production. For each page: the median of ``--requests`` requests after a warm-up
in CPU time of this process (steadier than the elapsed time on a busy machine; the database's
own time is not in it) and elapsed, its SQL queries, and the Python function calls of one request
(cProfile), which do not depend on how busy the machine is. ``--who``: ``anonyme`` or a member's
username (the demo's julien).

``--cached`` measures the same pages served from the page caches instead
(``PAGE_CACHE_SECONDS=600``: the anonymous cache and the members' cache): each request after the
warm-up is a hit (the ``X-Page-Cache`` or ``X-Member-Cache`` header), so the figures are those of
a hit, with its queries (a page no cache serves, such as the search, is left out).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMBER = "julien"


def main_pages():
    """(name, address) of the pages the base render is measured on."""
    from django.contrib.auth.models import AnonymousUser
    from django.urls import reverse
    from machina.core.db.models import get_model

    from cms.offers.models import OfferIndexPage, OfferPage
    from cms.videos.models import VideoIndexPage

    Topic = get_model("forum_conversation", "Topic")
    public = Topic.objects.visible_to(AnonymousUser())
    topic = public.filter(poll__isnull=True, posts_count__gte=3).order_by("pk").first()
    poll_topic = public.filter(poll__isnull=False).order_by("pk").first()
    rubric = topic.forum

    return [
        ("accueil", "/"),
        ("forum", "/forum/"),
        ("une rubrique", reverse("forum:forum", kwargs={"slug": rubric.slug, "pk": rubric.pk})),
        ("un sujet", topic.get_absolute_url()),
        ("un sondage", poll_topic.get_absolute_url()),
        ("offres", OfferIndexPage.objects.live().first().url),
        ("une offre", OfferPage.objects.visible().order_by("pk").first().url),
        ("vidéos", VideoIndexPage.objects.live().first().url),
        ("recherche", "/recherche/?q=VAE"),
    ]


def function_calls(client, url):
    """Python function calls of one request: unlike times, the same on a busy machine."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(client.get, url)
    return pstats.Stats(profiler).total_calls


def measure(requests, who, only, profile, save=None, cached=False):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    if who in (None, "anonyme"):
        clients["anonyme"] = Client()
    if who != "anonyme":
        member = Client()
        member.force_login(get_user_model().objects.get(username=who or MEMBER))
        clients[who or MEMBER] = member
    results = []
    for name, url in main_pages():
        if only and name not in only:
            continue
        for reader, client in clients.items():
            for _warm_up in range(3):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url} ({reader}): {response.status_code}")
            served_by = (response.get("X-Page-Cache"), response.get("X-Member-Cache"))
            if cached and "hit" not in served_by:
                print(f"{name} ({reader}) : pas servie par un cache de pages, non mesurée")
                continue
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            queries = len(captured)  # before the next request empties the log
            calls = function_calls(client, url)
            if profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile(time.process_time)
                profiler.enable()
                for _each in range(requests):
                    client.get(url)
                profiler.disable()
                if save:
                    profiler.dump_stats(save)
                stats = pstats.Stats(profiler).sort_stats("cumulative")
                print(f"\n##### {name} ({reader}) — {requests} requêtes")
                stats.print_stats(60)
                stats.sort_stats("tottime").print_stats(30)
                continue
            timings, cpu = [], []
            for _each in range(requests):
                began, began_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
                cpu.append((time.process_time() - began_cpu) * 1000)
            results.append(
                {
                    "page": name,
                    "who": reader,
                    "url": url,
                    "ms": statistics.median(timings),
                    "cpu": statistics.median(cpu),
                    "queries": queries,
                    "calls": calls,
                }
            )
    return results


def print_results(results):
    print(
        f"| {'page':<14}| {'qui':<9}| {'ms CPU':>7} | {'ms écoulées':>11} | requêtes SQL "
        "| appels Python |"
    )
    print("|---------------|----------|---------|-------------|--------------|---------------|")
    for row in results:
        print(
            f"| {row['page']:<14}| {row['who']:<9}| {row['cpu']:>7.1f} | {row['ms']:>11.1f} "
            f"| {row['queries']:>12} | {row['calls']:>13} |"
        )
    cpu = statistics.mean(row["cpu"] for row in results)
    wall = statistics.mean(row["ms"] for row in results)
    print(f"\nmoyenne : {cpu:.1f} ms CPU, {wall:.1f} ms écoulées (médianes par page)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--who", help="anonyme, or a member's username (default: both)")
    parser.add_argument("--only", action="append", help="a page name (repeatable)")
    parser.add_argument("--profile", help="a page name: print its cProfile instead of timing it")
    parser.add_argument("--save", help="with --profile: also write the pstats file there")
    parser.add_argument("--cached", action="store_true", help="page caches on: measure hits")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process:
        only = [options.profile] if options.profile else options.only
        results = measure(
            options.requests, options.who, only, bool(options.profile), options.save, options.cached
        )
        if options.json:
            print("RENDER-JSON " + json.dumps(results))
        elif results:
            print_results(results)
        return
    from bench.run import DATA_SETS, portal_env

    env = portal_env(DATA_SETS["demo"][0], PAGE_CACHE_SECONDS="600" if options.cached else "0")
    command = [sys.executable, __file__, "--in-process", *sys.argv[1:]]
    raise SystemExit(subprocess.run(command, cwd=ROOT, env=env, check=False).returncode)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
