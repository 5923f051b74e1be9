"""Benchmark of hardship assistance at province size: 100,000 households, 350,000 persons,
1,000,000 assistance records, and the import of a 20,000-household sheet (at ``--scale 1``).

Each database runs in its own process (settings are read once per process): SQLite in a temp
file always, PostgreSQL when ``BENCH_PG_URL`` (or ``PG_URL``) names a server whose user may
create databases. The archive is written with plain SQL inserts; the ID ciphertexts and blind
indexes are computed once per person with one cipher object (timed apart, as setup). Measured:
the archive list (default and filtered) and the figures page as a county officer (建宁) and as
the city officer, median of several runs with query counts; then the import of a generated
xlsx into the full archive (parsed, validated, written) in its own process, with that
process's peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from bench.common import databases, fresh_database, load_average, run_child

RUNS = 7
COUNTIES = [
    "梅列",
    "三元",
    "永安",
    "明溪",
    "清流",
    "宁化",
    "大田",
    "尤溪",
    "沙县",
    "将乐",
    "泰宁",
    "建宁",
]
PAGES = [
    ("archive_list", "/hardship/", {}),
    ("archive_filtered", "/hardship/", {"level": "local", "category": "deep", "overdue": "1"}),
    ("archive_search", "/hardship/", {"q": "张"}),
    ("figures", "/hardship/summary/", {}),
]


# The columns of the household and person tables, written by plain inserts (COPY/executemany).
HOUSEHOLD_COLUMNS = [
    "id", "org_id", "county_id", "file_number", "head_name", "head_id_masked", "employer",
    "migrant_worker", "address", "phone", "level", "causes", "member_count",
    "other_yearly_income", "yearly_income", "rigid_expenses", "accident_losses",
    "per_capita_income", "standard_amount", "suggested_category", "category",
    "category_override_reason", "surveyed_on", "archived_on", "last_reviewed_on",
    "closed_on", "close_kind", "removal_reason", "close_note", "version", "created_at",
    "updated_at",
]  # fmt: skip
PERSON_COLUMNS = [
    "id", "household_id", "relationship", "name", "birth_date", "sex", "health",
    "disability", "employment", "school", "school_level", "monthly_income",
    "archive_lock", "id_number_cipher", "id_number_index", "id_number_masked",
]  # fmt: skip


def run(args: argparse.Namespace) -> Iterator[str]:
    """Run the benchmark on SQLite (and PostgreSQL when configured); yield result lines."""
    with tempfile.TemporaryDirectory(prefix="bench-hardship-") as tmp:
        for label, env in databases(tmp, "hardship"):
            sheet = str(Path(tmp) / "import.xlsx")
            result, error = run_child(
                "bench.bench_hardship", ["pages", str(args.scale), sheet], env
            )
            if error:
                yield f"{label}: {error}"
                continue
            yield (
                f"{label}: {result['households']}户，{result['persons']}人，"
                f"{result['assistances']}条帮扶记录（生成{result['build_s']}秒，"
                f"其中身份证号加密与盲索引{result['crypto_s']}秒）；负载 {result['load']}"
            )
            for who in ("county", "city"):
                for name, _url, _params in PAGES:
                    r = result[who][name]
                    yield (
                        f"  {who} {name}: 中位数 {r['median_ms']} ms（最快 {r['min_ms']} ms，"
                        f"最慢 {r['max_ms']} ms），{r['queries']} 次查询；"
                        f"缓存为空时首次 {r['cold_ms']} ms"
                    )
            r, error = run_child("bench.bench_hardship", ["import", sheet], env)
            if error:
                yield f"  导入: {error}"
                continue
            yield (
                f"  导入 {r['households']}户/{r['rows']}行（{r['size_mb']} MB）：共 {r['total_s']} 秒"
                f"（读表 {r['read_s']} 秒，校验 {r['validate_s']} 秒，写入 {r['write_s']} 秒），"
                f"峰值内存 {r['peak_mb']} MB；负载 {r['load']}"
            )


def _pages(scale: float, sheet: str) -> dict[str, object]:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.orgs.models import User

    fresh_database()
    started = time.perf_counter()
    counts = _build(scale)
    build_s = round(time.perf_counter() - started, 1)
    _write_sheet(scale, sheet)
    results: dict[str, object] = {**counts, "build_s": build_s, "load": load_average()}
    for who, username in (("county", "bench_jianning"), ("city", "bench_city")):
        client = Client()
        client.force_login(User.objects.get(username=username))
        per_page: dict[str, object] = {}
        for name, url, params in PAGES:
            query = {"as_of": "2018-06-30", **params}
            assert client.get(url, query).status_code == 200  # warm up the process
            # Cold: the first request after any record changed (figure cache empty).
            cache.clear()
            t0 = time.perf_counter()
            assert client.get(url, query).status_code == 200
            cold_ms = (time.perf_counter() - t0) * 1000
            times = []
            for _ in range(RUNS):
                t0 = time.perf_counter()
                response = client.get(url, query)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as ctx:
                client.get(url, query)
            per_page[name] = {
                "cold_ms": round(cold_ms),
                "median_ms": round(statistics.median(times)),
                "min_ms": round(min(times)),
                "max_ms": round(max(times)),
                "queries": len(ctx.captured_queries),
            }
        results[who] = per_page
    return results


def _import(sheet: str) -> dict[str, object]:
    import resource

    import django

    django.setup()
    from gonghui.core.spreadsheets import read_table
    from gonghui.hardship import imports
    from gonghui.orgs.models import User

    user = User.objects.get(username="bench_city")
    data = Path(sheet).read_bytes()
    t0 = time.perf_counter()
    table = read_table(data, "困难职工档案.xlsx")
    t1 = time.perf_counter()
    sheet_check = imports.Sheet(user, table)
    groups = sheet_check.validate()
    assert not sheet_check.errors, sheet_check.errors[:5]
    t2 = time.perf_counter()
    written = imports._write(user, table, sheet_check, groups)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "households": written,
        "rows": len(table.rows),
        "size_mb": round(len(data) / 1024 / 1024, 1),
        "read_s": round(t1 - t0, 1),
        "validate_s": round(t2 - t1, 1),
        "write_s": round(t3 - t2, 1),
        "total_s": round(t3 - t0, 1),
        "peak_mb": round(peak / 1024),
        "load": load_average(),
    }


def _id_number(n: int) -> str:
    """A valid 18-digit ID number, distinct for each n (birth day from n // 1000, seq n % 1000)."""
    from datetime import date, timedelta

    from gonghui.core.idnumbers import check_char

    born = date(1950, 1, 1) + timedelta(days=n // 1000)
    first17 = f"350402{born:%Y%m%d}{n % 1000:03d}"
    return first17 + check_char(first17)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑"


def _insert(table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
    from django.db import connection

    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 20000):
            cursor.executemany(sql, rows[start : start + 20000])


def _build(scale: float) -> dict[str, object]:
    import base64
    import hashlib
    import hmac
    import random
    from datetime import date, timedelta

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from gonghui.core import crypto
    from gonghui.hardship.models import Assistance, Household, MinimumLivingStandard, Person, Review
    from gonghui.orgs.models import Level, Org, Role, User

    rng = random.Random(2018)
    n_households = max(12, round(100_000 * scale))
    n_assistances = round(1_000_000 * scale)
    city = Org.objects.create(name="三明市总工会", level=Level.CITY, admin_code="350400")
    counties, unions = [], {}
    for i, short in enumerate(COUNTIES):
        county = Org.objects.create(
            name=f"{short}县总工会",
            short_name=short,
            level=Level.COUNTY,
            parent=city,
            admin_code=f"3504{i + 2:02d}",
        )
        counties.append(county)
        unions[county.pk] = [
            Org.objects.create(
                name=f"{short}基层工会{k:02d}", level=Level.GRASSROOTS, parent=county
            )
            for k in range(20)
        ]
        MinimumLivingStandard.objects.bulk_create(
            MinimumLivingStandard(org=county, year=y, monthly_amount=500 + 20 * (y - 2010))
            for y in range(2010, 2027)
        )
    for username, org in (("bench_city", city), ("bench_jianning", counties[-1])):
        user = User(username=username, org=org, roles=Role.OFFICER)
        user.set_password("Bench@2018x")
        user.save()

    crypto_s = 0.0
    secret = crypto._secret()
    aes = AESGCM(crypto._encryption_key())
    index_key = crypto._derive_key(secret, crypto._BLIND_INDEX_INFO + b"id")
    aad = crypto._aad()
    households, persons, reviews = [], [], []
    person_n = 0
    levels = ["national"] * 4 + ["provincial", "city", "county", "county", "county", "grassroots"]
    categories = ["deep", "deep", "relative", "relative", "relative", "accident"]
    for pk in range(1, n_households + 1):
        county = counties[pk % len(counties)]
        union = unions[county.pk][rng.randrange(20)]
        archived = date(2013, 1, 1) + timedelta(days=rng.randrange(2000))
        closed = kind = None
        if rng.random() < 0.2:
            closed = archived + timedelta(days=rng.randrange(30, 1500))
            kind = rng.choice(["lifted", "removed"])
        reviewed = archived + timedelta(days=365) if rng.random() < 0.6 else None
        size = 3 if pk % 2 else 4  # 3.5 persons a household on average
        head = f"{rng.choice(SURNAMES)}{pk}"
        t0 = time.perf_counter()
        secrets = []
        for k in range(size):
            number = _id_number(person_n + k)
            nonce = os.urandom(12)
            cipher = "v1:" + base64.urlsafe_b64encode(
                nonce + aes.encrypt(nonce, number.encode(), aad)
            ).decode("ascii")
            index = hmac.new(index_key, number.encode(), hashlib.sha256).hexdigest()
            secrets.append((number, cipher, index))
        crypto_s += time.perf_counter() - t0
        households.append(
            (
                pk, union.pk, county.pk, f"{county.admin_code}-{pk:06d}", head,
                secrets[0][0][:6] + "********" + secrets[0][0][-4:], "", False, "某路某号", "",
                rng.choice(levels), json.dumps(["illness"]), size, "0", "12000", "0", "0",
                "280", "600", rng.choice(categories), rng.choice(categories), "",
                archived.isoformat(), archived.isoformat(),
                reviewed.isoformat() if reviewed else None,
                closed.isoformat() if closed else None, kind or "", "", "", 1,
                "2018-01-01 00:00:00", "2018-01-01 00:00:00",
            )
        )  # fmt: skip
        for k, (number, cipher, index) in enumerate(secrets):
            person_n += 1
            persons.append(
                (
                    person_n, pk, "self" if k == 0 else "child", f"{head}{k}",
                    f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                    "M" if int(number[16]) % 2 else "F", "healthy", "", "employed", "", "",
                    "300", index if closed is None else None, cipher, index,
                    number[:6] + "********" + number[-4:],
                )
            )  # fmt: skip
        if reviewed:
            reviews.append(
                (pk, reviewed.isoformat(), "12000", "0", size, "280", "deep", "keep", "")
            )
    assistances = []
    kinds = ["living", "medical", "education", "employment", "festival"]
    programmes = ["", "", "education", "winter", "medical"]
    for pk in range(1, n_assistances + 1):
        given = date(2014, 1, 1) + timedelta(days=rng.randrange(1800))
        assistances.append(
            (
                pk, rng.randrange(1, n_households + 1), rng.choice(kinds),
                str(rng.randrange(200, 5000)), given.isoformat(), "county",
                rng.choice(programmes), "",
            )
        )  # fmt: skip
    r_cols = [
        "household_id", "reviewed_on", "yearly_income", "rigid_expenses", "member_count",
        "per_capita_income", "category", "decision", "note",
    ]  # fmt: skip
    a_cols = [
        "id", "household_id", "kind", "amount", "given_on", "funding_source", "programme",
        "note",
    ]  # fmt: skip
    with transaction.atomic():
        _insert(Household._meta.db_table, HOUSEHOLD_COLUMNS, households)
        _insert(Person._meta.db_table, PERSON_COLUMNS, persons)
        _insert(Review._meta.db_table, r_cols, reviews)
        _insert(Assistance._meta.db_table, a_cols, assistances)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Household, Person, Assistance]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    return {
        "households": n_households,
        "persons": len(persons),
        "assistances": n_assistances,
        "crypto_s": round(crypto_s, 1),
    }


def _write_sheet(scale: float, path: str) -> None:
    """A 20,000-household archive sheet (at scale 1) of people not yet in any archive."""
    import random

    from gonghui.core.spreadsheets import write_xlsx
    from gonghui.hardship.imports import TEMPLATE_HEADERS

    rng = random.Random(4)
    n = max(12, round(20_000 * scale))
    rows = []
    person = 10_000_000  # birth days far after the archive's people: no clash
    for h in range(n):
        short = COUNTIES[h % len(COUNTIES)]
        size = 3 if h % 2 else 4
        for k in range(size):
            rows.append(
                [
                    f"IMP{h:06d}", f"{short}县总工会", f"{short}基层工会{h % 20:02d}", "某街道某号",
                    "县级档" if h % 3 else "全国档", "因病、子女就学", "2018-03-15",
                    "6000" if k == 0 else "", "本人" if k == 0 else "子女",
                    f"{rng.choice(SURNAMES)}导{h}{k}", _id_number(person), str(rng.randrange(0, 400)),
                    "健康", "在岗",
                ]
            )  # fmt: skip
            person += 1
    Path(path).write_bytes(write_xlsx(TEMPLATE_HEADERS, rows, "困难职工档案"))


if __name__ == "__main__":
    if sys.argv[1] == "pages":
        print(json.dumps(_pages(float(sys.argv[2]), sys.argv[3])))
    else:
        print(json.dumps(_import(sys.argv[2])))
