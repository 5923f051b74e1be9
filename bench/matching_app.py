"""The whole data comparison as the app runs it, for bench_matching: the generated archive
stored as the app stores it, then `manage.py compare` on the generated list file, timed end to
end in a process of its own.

Children (`python -m bench.matching_app STEP WORK`, run per database by bench_matching):
- ``load``: a fresh database (migrated), the Sanming org tree, and every archived person of
  ``archive.parquet`` as a Person of an open Household (the first of each three is the head):
  ID numbers encrypted (AES-GCM) with their blind index and mask, written with plain
  multi-row inserts (COPY on PostgreSQL). Not timed as part of the run.
- ``flags``: after the command ran, the run's stage times and counts, and its flags written
  to ``app_flags.parquet`` (person ids mapped back to the generator's) for the quality check.
The command itself runs under ``/usr/bin/time -v`` when available, so the peak memory is the
whole process's (Python, Django, DuckDB, the decrypted archive).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.bench_hardship import HOUSEHOLD_COLUMNS, PERSON_COLUMNS
from bench.common import fresh_database

AS_OF = "2018-06-30"
ARCHIVED_ON = "2015-01-01"
COUNTY_NAMES = {
    "350402": "梅列",
    "350403": "三元",
    "350421": "明溪",
    "350423": "清流",
    "350424": "宁化",
    "350425": "大田",
    "350426": "尤溪",
    "350427": "沙县",
    "350428": "将乐",
    "350429": "泰宁",
    "350430": "建宁",
    "350481": "永安",
}


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, executemany batches elsewhere."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"
        for start in range(0, len(rows), 50_000):
            cursor.executemany(sql, rows[start : start + 50_000])


def load(work: Path) -> dict[str, Any]:
    """A fresh database holding the generated archive as the app stores it."""
    import django

    django.setup()
    import pyarrow.parquet as pq
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from gonghui.core import crypto
    from gonghui.hardship.models import Household, Person
    from gonghui.orgs.models import Level, Org, Role, User

    fresh_database()
    started = time.perf_counter()
    city = Org.objects.create(name="三明市总工会", level=Level.CITY, admin_code="350400")
    counties = {}
    unions = {}
    for code, short in COUNTY_NAMES.items():
        county = Org.objects.create(
            name=f"{short}县总工会", short_name=short, level=Level.COUNTY, parent=city,
            admin_code=code,
        )  # fmt: skip
        counties[code] = county.pk
        unions[code] = Org.objects.create(
            name=f"{short}基层工会", level=Level.GRASSROOTS, parent=county
        ).pk
    user = User(username="bench_city", org=city, roles=Role.OFFICER)
    user.set_password("Bench@2018x")
    user.save()

    table = pq.read_table(work / "archive.parquet")
    arch = table.to_pydict()
    aes = AESGCM(crypto._encryption_key())
    aad = crypto._aad()
    index_key = crypto._derive_key(crypto._secret(), crypto._BLIND_INDEX_INFO + b"id")
    t0 = time.perf_counter()
    persons: list[tuple[Any, ...]] = []
    households: list[tuple[Any, ...]] = []
    heads: dict[int, int] = {}
    for i in range(table.num_rows):
        number = arch["id18"][i]
        raw = number.encode()
        nonce = os.urandom(12)
        cipher = "v1:" + base64.urlsafe_b64encode(nonce + aes.encrypt(nonce, raw, aad)).decode()
        index = hmac.new(index_key, raw, hashlib.sha256).hexdigest()
        masked = number[:6] + "********" + number[-4:]
        hid = arch["household_id"][i] + 1
        is_head = hid not in heads
        if is_head:
            heads[hid] = i
            code = arch["county_code"][i]
            households.append(
                (
                    hid, unions[code], counties[code], f"{code}-{hid:07d}", arch["name"][i],
                    masked, "", False, "", "", "county", "[]", 3, "0", "12000", "0", "0",
                    "280", "600", "deep", "deep", "", ARCHIVED_ON, ARCHIVED_ON, None, None,
                    "", "", "", 1, "2015-01-01 00:00:00", "2015-01-01 00:00:00",
                )
            )  # fmt: skip
        persons.append(
            (
                arch["person_id"][i] + 1, hid, "self" if is_head else "child", arch["name"][i],
                arch["birth_date"][i].isoformat(), arch["sex"][i], "healthy", "", "employed",
                "", "", "300", index, cipher, index, masked,
            )
        )  # fmt: skip
    crypto_s = time.perf_counter() - t0
    del arch, table
    with transaction.atomic():
        _insert(Household._meta.db_table, HOUSEHOLD_COLUMNS, households)
        _insert(Person._meta.db_table, PERSON_COLUMNS, persons)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Household, Person]):
            cursor.execute(sql)
        cursor.execute("ANALYZE")
    return {
        "persons": len(persons),
        "households": len(households),
        "crypto_s": round(crypto_s, 1),
        "build_s": round(time.perf_counter() - started, 1),
    }


def flags(work: Path) -> dict[str, Any]:
    """The last run's times and counts, and its flags as parquet for the quality check."""
    import django

    django.setup()
    import pyarrow as pa
    import pyarrow.parquet as pq

    from gonghui.core.models import AuditEntry
    from gonghui.matching.models import ComparisonRun, Flag

    run = ComparisonRun.objects.order_by("-pk").first()
    assert run is not None
    rows = list(
        Flag.objects.filter(run=run).values_list("person_id", "list_row", "method").order_by()
    )
    pq.write_table(
        pa.table(
            {
                "person_id": pa.array([r[0] - 1 for r in rows], pa.int64()),
                "list_row": pa.array([r[1] for r in rows], pa.int64()),
                "method": pa.array([r[2] for r in rows], pa.string()),
            }
        ),
        work / "app_flags.parquet",
    )
    audited = AuditEntry.objects.filter(action="matching.run_finished").count()
    return {
        "status": run.status,
        "error": run.error,
        "timings": run.timings,
        "counts": run.counts,
        "flags_in_db": len(rows),
        "audit_records": audited,
    }


def compare_command(work: Path, kind: str) -> list[str]:
    """The command line the lead can run by hand (under /usr/bin/time -v for peak memory)."""
    command = [
        sys.executable, "manage.py", "compare", str(work / "list.csv"), "--kind", kind,
        "--org", "350400", "--as-of", AS_OF, "--user", "bench_city",
    ]  # fmt: skip
    if Path("/usr/bin/time").exists():
        command = ["/usr/bin/time", "-v", *command]
    return command


def peak_rss_mb(stderr: str) -> float | None:
    """`Maximum resident set size (kbytes)` from /usr/bin/time -v, in MB."""
    for line in stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.rsplit(":", 1)[1]) / 1024
    return None


if __name__ == "__main__":
    step, folder = sys.argv[1], Path(sys.argv[2])
    result = load(folder) if step == "load" else flags(folder)
    print(json.dumps(result, ensure_ascii=False, default=str))
