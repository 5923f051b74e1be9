"""Benchmark of supervision pages at province size: 100 county-level units, 2,000 tasks,
20,000 assignments, 200,000 quarterly reports (at ``--scale 1``).

Each database runs in its own process (the settings are read once per process): SQLite in a
temp file always, PostgreSQL when ``BENCH_PG_URL`` (or ``PG_URL``) names a server whose user
may create databases. Measured: the plan overview and the league table rendered through
Django's test client as a provincial officer, median of several runs, and their query counts:
"warm" repeats a page whose figures are cached, "cold" is the first request after a record
changed (the data version is bumped before each run, so the page computes everything again).
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
COLD_RUNS = 5


def run(args: argparse.Namespace) -> Iterator[str]:
    """Run the benchmark on SQLite (and PostgreSQL when configured); yield result lines."""
    with tempfile.TemporaryDirectory(prefix="bench-supervision-") as tmp:
        for label, env in databases(tmp, "supervision"):
            result, error = run_child("bench.bench_supervision", [str(args.scale)], env)
            if error:
                yield f"{label}: {error}"
                continue
            yield (
                f"{label}: {result['units']}个县级单位，{result['tasks']}项任务，"
                f"{result['assignments']}个责任单位任务，{result['reports']}份报告（生成{result['build_s']}秒）"
            )
            for page in ("overview", "league"):
                for kind in ("cold", "warm"):
                    r = result[page][kind]
                    yield (
                        f"  {page} {kind}: 中位数 {r['median_ms']} ms（最快 {r['min_ms']} ms，"
                        f"最慢 {r['max_ms']} ms），{r['queries']} 次查询"
                    )


def _worker(scale: float) -> dict[str, object]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    fresh_database()
    started = time.perf_counter()
    counts = _build(scale)
    build_s = round(time.perf_counter() - started, 1)
    if connection.vendor == "postgresql":
        # Fresh bulk-loaded tables have no statistics yet (autovacuum would gather them soon);
        # measure with the plans a running server has.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from gonghui.orgs.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    results: dict[str, object] = {**counts, "build_s": build_s}
    from gonghui.core import figure_cache

    def measure(url: str, runs: int, cold: bool) -> dict[str, int]:
        times = []
        for _ in range(runs):
            if cold:
                figure_cache.bump()  # as a saved record does
            t0 = time.perf_counter()
            response = client.get(url, {"as_of": "2018-06-30"})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        if cold:
            figure_cache.bump()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {"as_of": "2018-06-30"})
        return {
            "median_ms": round(statistics.median(times)),
            "min_ms": round(min(times)),
            "max_ms": round(max(times)),
            "queries": len(ctx.captured_queries),
        }

    for name, url in (("overview", "/supervision/"), ("league", "/supervision/league/")):
        client.get(url, {"as_of": "2018-06-30"})  # warm up (session, templates)
        results[name] = {
            "cold": measure(url, COLD_RUNS, cold=True),
            "warm": measure(url, RUNS, cold=False),
        }
    return results


def _build(scale: float) -> dict[str, int]:
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from gonghui.orgs.models import Level, Org, Role, User
    from gonghui.supervision import schedule
    from gonghui.supervision.models import (
        Area,
        Assignment,
        QuarterlyReport,
        ReportState,
        Task,
        WorkPlan,
    )

    rng = random.Random(2018)
    n_units = max(2, round(100 * scale))
    n_tasks = max(2, round(2000 * scale))
    per_task = min(10, n_units)
    province = Org.objects.create(name="福建省总工会", level=Level.CITY, admin_code="350000")
    units = [
        Org.objects.create(
            name=f"县级工会{i:03d}", short_name=f"县{i:03d}", level=Level.COUNTY, parent=province
        )
        for i in range(n_units)
    ]
    user = User(username="bench", org=province, roles=Role.OFFICER)
    user.set_password("Bench@2018x")
    user.save()
    plan = WorkPlan.objects.create(org=province, year=2018, title="全省重点工作")
    areas = [Area.objects.create(plan=plan, number=i + 1, name=f"领域{i + 1}") for i in range(5)]
    tasks = Task.objects.bulk_create(
        [
            Task(
                plan=plan,
                area=areas[i % 5],
                number=str(i + 1),
                title=f"重点工作{i + 1}",
                lead_leader=f"领导{i % 7}",
                lead_department=f"部室{i % 9}",
                start=date(2017, 1, 1),
                deadline=date(2019, 6, 30) if i % 3 else date(2018, 12, 31),
                order=i,
            )
            for i in range(n_tasks)
        ]
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(task=task, org=org)
            for i, task in enumerate(tasks)
            for org in (units[(i * 7 + k * 13) % n_units] for k in range(per_task))
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    assignments = list(Assignment.objects.values_list("pk", flat=True))
    quarters = schedule.quarters_between(date(2017, 1, 1), date(2019, 6, 30))  # 10 quarters
    reports = []
    total = 0
    for pk in assignments:
        pace = rng.uniform(0.2, 1.1)
        for n, (year, quarter) in enumerate(quarters, start=1):
            day = schedule.report_due(year, quarter) - timedelta(days=rng.randint(-3, 6))
            state = ReportState.ACCEPTED if rng.random() < 0.7 else ReportState.SUBMITTED
            reports.append(
                QuarterlyReport(
                    assignment_id=pk,
                    year=year,
                    quarter=quarter,
                    progress=Decimal(min(100, round(100 * pace * n / len(quarters), 1))),
                    state=state,
                    first_submitted_on=day,
                    submitted_on=day,
                    accepted_on=day if state == ReportState.ACCEPTED else None,
                )
            )
        if len(reports) >= 20000:
            QuarterlyReport.objects.bulk_create(reports)
            total += len(reports)
            reports = []
    QuarterlyReport.objects.bulk_create(reports)
    total += len(reports)
    return {
        "units": n_units,
        "tasks": n_tasks,
        "assignments": len(assignments),
        "reports": total,
    }


if __name__ == "__main__":
    print(json.dumps(_worker(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)))
