"""Benchmark of the city dashboard (工作台) at province scale (issue #8): 100 county unions,
100,000 grassroots unions with 3,000,000 dues receipts, 100,000 hardship households with
1,000,000 assistance records, 100,000 petitions, 2,000 tasks with 20,000 assignments (at
``--scale 1``). Target: under 500 ms median on a 2-core machine.

The data come from the other benchmarks' generators, run one after the other and then joined
into one tree: the organization-building province (gonghui.unions.scale) is the backbone; each
other generator's city and counties are merged into the backbone's top and counties (every
foreign key to an org rewritten), and their records are spread over all 100 counties.

Measured as the top org's officer, for ``/dashboard/?as_of=2018-06-30`` and, on the same
database, the hardship figures page and the supervision overview and league table:
"warm" repeats the page with its figures cached under the data version; "cold" is the first
request after one new assistance record was saved (which bumps the data version, as any write
does), so every figure is computed again. Median of several runs, query counts of one run, and
the load average when measured (the machine may be shared).

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

from bench.common import databases, fresh_database, load_average, run_child

AS_OF = "2018-06-30"
WARM_RUNS = 7
COLD_RUNS = 3
TARGET_MS = 500
PAGES = (
    ("dashboard", "/dashboard/"),
    ("hardship_figures", "/hardship/summary/"),
    ("supervision_overview", "/supervision/"),
    ("supervision_league", "/supervision/league/"),
)


def run(args: argparse.Namespace) -> Iterator[str]:
    """Run on SQLite (and PostgreSQL when configured); yield result lines."""
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        for label, env in databases(tmp, "dashboard"):
            result, error = run_child("bench.bench_dashboard", [str(args.scale)], env)
            if error:
                yield f"{label}: {error}"
                continue
            c = result["counts"]
            yield (
                f"{label}: {c['counties']}个县级工会，{c['unions']}个基层工会，"
                f"{c['receipts']}条经费收入，{c['households']}户困难家庭，"
                f"{c['assistances']}条帮扶记录，{c['petitions']}件信访，{c['tasks']}项任务，"
                f"{c['assignments']}个责任单位任务（生成{result['build_s']}秒）"
            )
            for name, _url in PAGES:
                for kind in ("warm", "cold"):
                    r = result[name][kind]
                    verdict = ""
                    if name == "dashboard":
                        verdict = "，达标" if r["median_ms"] <= TARGET_MS else "，未达标"
                    yield (
                        f"  {name} {kind}: 中位数 {r['median_ms']} ms（最快 {r['min_ms']} ms，"
                        f"最慢 {r['max_ms']} ms，{r['runs']}次{verdict}），{r['queries']} 次查询；"
                        f"负载 {r['load']}"
                    )


def _worker(scale: float) -> dict[str, object]:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.orgs.models import User

    fresh_database()
    started = time.perf_counter()
    counts = _build(scale)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    results: dict[str, object] = {"counts": counts, "build_s": round(time.perf_counter() - started)}

    client = Client()
    client.force_login(User.objects.get(username="bench_province"))
    change = _one_change()

    def measure(url: str, runs: int, cold: bool) -> dict[str, object]:
        times = []
        for _ in range(runs):
            if cold:
                change()
            t0 = time.perf_counter()
            response = client.get(url, {"as_of": AS_OF})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        if cold:
            change()
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {"as_of": AS_OF})
        return {
            "median_ms": round(statistics.median(times)),
            "min_ms": round(min(times)),
            "max_ms": round(max(times)),
            "runs": runs,
            "queries": len(ctx.captured_queries),
            "load": load_average(),
        }

    for name, url in PAGES:
        client.get(url, {"as_of": AS_OF})  # warm up the process (templates, session)
        results[name] = {
            "cold": measure(url, COLD_RUNS, cold=True),
            "warm": measure(url, WARM_RUNS, cold=False),
        }
    return results


def _one_change():
    """A function that saves one new assistance record this year (a real write: the signal
    bumps the data version, so the next request computes its figures again)."""
    from datetime import date
    from decimal import Decimal

    from gonghui.hardship.models import Assistance, Household

    household = Household.objects.filter(closed_on__isnull=True).order_by("pk").first()

    def change() -> None:
        Assistance.objects.create(
            household=household, kind="living", amount=Decimal(300), given_on=date(2018, 6, 1)
        )

    return change


def _build(scale: float) -> dict[str, int]:
    """Every generator in turn, each merged into the backbone province before the next runs
    (their top orgs share administrative codes and user names)."""
    from django.db import connection

    from bench import bench_hardship, bench_supervision
    from gonghui.hardship.models import MinimumLivingStandard
    from gonghui.orgs.models import Level, Org, User
    from gonghui.rights import bench as rights_bench
    from gonghui.unions import scale as unions_scale

    built = unions_scale.build(scale)
    User.objects.filter(username="bench").update(username="bench_province")
    top = Org.objects.get(level=Level.CITY, admin_code="350000")
    counties = list(Org.objects.filter(parent=top).order_by("pk"))

    hardship = bench_hardship._build(scale)
    city = Org.objects.get(admin_code="350400")
    old = list(Org.objects.filter(parent=city).order_by("pk"))
    # At small scales several counties merge into one: one standard a county and year.
    MinimumLivingStandard.objects.filter(org__in=old[len(counties) :]).delete()
    _merge({city.pk: top.pk, **{o.pk: counties[i % len(counties)].pk for i, o in enumerate(old)}})
    # The generator's 20 grassroots unions a county, spread over every county.
    moved = list(
        Org.objects.filter(parent__in=counties, level=Level.GRASSROOTS).values_list("pk", flat=True)
    )
    _reparent({pk: counties[i % len(counties)].pk for i, pk in enumerate(moved)})
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE hardship_household SET county_id = (SELECT o.parent_id FROM orgs_org o"
            " WHERE o.id = hardship_household.org_id)"
        )

    old_counties, _officer = rights_bench.build(scale)
    User.objects.filter(username="bench").update(username="bench_rights")
    city = Org.objects.get(admin_code="350400")
    _merge(
        {
            city.pk: top.pk,
            **{o.pk: counties[i % len(counties)].pk for i, o in enumerate(old_counties)},
        }
    )
    _spread("rights_petition", ("org_id", "county_id"), [c.pk for c in counties])

    Org.objects.filter(pk=top.pk).update(admin_code=None)  # the generator's province has it
    supervision = bench_supervision._build(scale)
    User.objects.filter(username="bench").update(username="bench_supervision")
    province = Org.objects.get(admin_code="350000")
    units = list(Org.objects.filter(parent=province).order_by("pk"))
    _merge(
        {province.pk: top.pk, **{u.pk: counties[i % len(counties)].pk for i, u in enumerate(units)}}
    )
    Org.objects.filter(pk=top.pk).update(admin_code="350000")

    from gonghui.rights.models import Petition

    return {
        "counties": len(counties),
        "unions": built["unions"] + len(moved),
        "receipts": built["receipts"],
        "households": hardship["households"],
        "assistances": hardship["assistances"],
        "petitions": Petition.objects.count(),
        "tasks": supervision["tasks"],
        "assignments": supervision["assignments"],
    }


def _org_columns() -> list[tuple[str, str]]:
    """(table, column) of every foreign key to an org, in every installed model whose column
    the database has (a model may be ahead of its migration while it is being written)."""
    from django.apps import apps
    from django.db import connection

    from gonghui.orgs.models import Org

    columns = []
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in tables:
                continue
            present = {
                c.name for c in connection.introspection.get_table_description(cursor, table)
            }
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model is Org and field.column in present:
                    columns.append((table, field.column))
    return columns


def _merge(into: dict[int, int]) -> None:
    """Rewrite every reference to each old org to its new one, then delete the old orgs."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in _org_columns():
            for old, new in into.items():
                cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {column} = %s", [new, old])
        _refresh_paths(cursor, set(into.values()))
        marks = ", ".join(["%s"] * len(into))
        cursor.execute(f"DELETE FROM orgs_org WHERE id IN ({marks})", list(into))


def _reparent(parents: dict[int, int]) -> None:
    """Move each org under a new parent (leaves only: their paths are recomputed)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "UPDATE orgs_org SET parent_id = %s WHERE id = %s",
            [(parent, pk) for pk, parent in parents.items()],
        )
        _refresh_paths(cursor, set(parents.values()))


def _refresh_paths(cursor: object, parents: set[int]) -> None:
    """The children of these orgs get their path and depth from their parent's again."""
    marks = ", ".join(["%s"] * len(parents))
    cursor.execute(  # type: ignore[attr-defined]
        "UPDATE orgs_org SET path = (SELECT p.path FROM orgs_org p WHERE p.id = orgs_org.parent_id)"
        " || id || '/', depth = (SELECT p.depth + 1 FROM orgs_org p WHERE p.id = orgs_org.parent_id)"
        f" WHERE parent_id IN ({marks})",
        list(parents),
    )


def _spread(table: str, columns: tuple[str, ...], orgs: list[int]) -> None:
    """Give the table's rows the orgs in turn (row id modulo their number)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_spread (k integer PRIMARY KEY, org integer)")
        cursor.executemany("INSERT INTO bench_spread VALUES (%s, %s)", list(enumerate(orgs)))
        pick = f"(SELECT s.org FROM bench_spread s WHERE s.k = {table}.id % {len(orgs)})"
        cursor.execute(f"UPDATE {table} SET {', '.join(f'{c} = {pick}' for c in columns)}")
        cursor.execute("DROP TABLE bench_spread")


if __name__ == "__main__":
    print(json.dumps(_worker(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)))
