"""First and repeat visits: each page timed with the cache cleared before the request (a first
visit after an import or a curator's edit) and again right after (a repeat visit), with the SQL
queries of each. `bench/run.py` times repeat visits only.

    DJANGO_DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive_bench_100000 \
        .venv/bin/python bench/page_times.py [--runs 7] [--sql] [--user NAME] [address ...]

Without addresses it times the home page, two meetings, the country list, two countries, two
relationships, a person, the topic list and a topic of the database DATABASE_URL names. Times are
milliseconds: wall time of the first visit (median and maximum over the runs), its CPU time in this
process (the database server's share is not in it), and the repeat visit's wall time. With
`--user`, pages are visited logged in as that user, as the admin's pages need.
"""

import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.DEBUG = False
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def default_urls():
    from archive.models import Meeting, Person, Topic

    slugs = list(Meeting.objects.order_by("id").values_list("slug", flat=True)[:1])
    # The 5,001st newest meeting, or the middle one of a smaller archive (a 1,000-readout run).
    newest = Meeting.objects.order_by("-id").values_list("slug", flat=True)
    mid = [newest[min(5000, newest.count() // 2)]]
    person = Person.objects.order_by("id").values_list("slug", flat=True).first()
    topic = Topic.objects.order_by("id").values_list("slug", flat=True).first()
    return [
        "/",
        f"/meetings/{slugs[0]}/",
        f"/meetings/{list(mid)[0]}/",
        "/countries/",
        "/countries/cn/",
        "/countries/fr/",
        "/relations/cn-us/",
        "/relations/fr-ru/",
        f"/people/{person}/",
        "/topics/",
        f"/topics/{topic}/",
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main():
    parser = argparse.ArgumentParser(description="Time pages on a first and a repeat visit.")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sql", action="store_true", help="print each cold query's time")
    parser.add_argument(
        "--user", metavar="USERNAME", help="visit logged in as this user (for admin pages)"
    )
    parser.add_argument("urls", nargs="*")
    args = parser.parse_args()
    client = Client(raise_request_exception=True)
    if args.user:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=args.user))
    urls = args.urls or default_urls()
    print(
        f"{'address':60} {'first p50':>9} {'first max':>9} {'cpu':>6} {'repeat p50':>10} "
        f"{'repeat max':>10} {'q first':>7} {'q repeat':>8}"
    )
    for url in urls:
        assert client.get(url).status_code == 200, url
        cold, cold_cpu, warm = [], [], []
        for _ in range(args.runs):
            cache.clear()
            c0, t0 = time.process_time(), time.perf_counter()
            client.get(url)
            cold.append(time.perf_counter() - t0)
            cold_cpu.append(time.process_time() - c0)
            t0 = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - t0)
        cache.clear()
        with CaptureQueriesContext(connection) as q_cold:
            client.get(url)
        with CaptureQueriesContext(connection) as q_warm:
            client.get(url)
        print(
            f"{url[:60]:60} {_ms(statistics.median(cold)):>9} {_ms(max(cold)):>9} "
            f"{_ms(statistics.median(cold_cpu)):>6} {_ms(statistics.median(warm)):>10} "
            f"{_ms(max(warm)):>10} {len(q_cold):7} {len(q_warm):8}"
        )
        if args.sql:
            for q in sorted(q_cold.captured_queries, key=lambda q: -float(q["time"]))[:6]:
                print(f"    {float(q['time']) * 1000:8.1f} ms  {q['sql'][:220]}")


if __name__ == "__main__":
    main()
