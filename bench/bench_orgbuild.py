"""Benchmark of the organization-building pages at province size: 100,000 grassroots unions,
3,000,000 dues receipts (at ``--scale 1``): the dues page per county with growth, and the
re-election tracker, rendered as a provincial officer; median of several runs and query counts.

Each database runs in its own process: SQLite in a temp file always, PostgreSQL when
``BENCH_PG_URL`` (or ``PG_URL``) names a server whose user may create databases.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator

from bench.common import databases, fresh_database, run_child

RUNS = 7
PAGES = (("dues", "/funds/"), ("tracker", "/unions/"))


def run(args: argparse.Namespace) -> Iterator[str]:
    """Run on SQLite (and PostgreSQL when configured); yield result lines."""
    with tempfile.TemporaryDirectory(prefix="bench-orgbuild-") as tmp:
        for label, env in databases(tmp, "orgbuild"):
            result, error = run_child("bench.bench_orgbuild", [str(args.scale)], env)
            if error:
                yield f"{label}: {error}"
                continue
            yield (
                f"{label}: {result['counties']}个县级工会，{result['unions']}个基层工会，"
                f"{result['receipts']}条经费收入，{result['elections']}次选举（生成{result['build_s']}秒）"
            )
            for name, _ in PAGES:
                r = result[name]
                yield (
                    f"  {name}: 中位数 {r['median_ms']} ms（最快 {r['min_ms']} ms，最慢 {r['max_ms']} ms），"
                    f"{r['queries']} 次查询"
                )


def _worker(scale: float) -> dict[str, object]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.orgs.models import User
    from gonghui.unions import scale as data

    fresh_database()
    started = time.perf_counter()
    results: dict[str, object] = dict(data.build(scale))
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # what autovacuum does for a real database
    results["build_s"] = round(time.perf_counter() - started, 1)
    client = Client()
    client.force_login(User.objects.get(username="bench"))
    for name, url in PAGES:
        client.get(url, {"as_of": "2018-06-30"})  # warm up
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            response = client.get(url, {"as_of": "2018-06-30"})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {"as_of": "2018-06-30"})
        results[name] = {
            "median_ms": round(statistics.median(times)),
            "min_ms": round(min(times)),
            "max_ms": round(max(times)),
            "queries": len(ctx.captured_queries),
        }
    return results


if __name__ == "__main__":
    print(json.dumps(_worker(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)))
