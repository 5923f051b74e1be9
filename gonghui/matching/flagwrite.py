"""Writing a run's flags: hits on archived persons, and new candidates of a minimum-living list.

A run of a large list writes a hundred thousand flags: they are written as plain rows (COPY on
PostgreSQL, batched executemany elsewhere), not as model instances, in one transaction. A flag
already raised for the same list content and person (open or dismissed) is not raised again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

import pyarrow as pa
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core import idnumbers
from gonghui.core.crypto import blind_index
from gonghui.hardship.models import Person
from gonghui.hardship.models.household import open_on_q
from gonghui.matching.models import (
    IMPLICATION_OF_KIND,
    ComparisonRun,
    Flag,
    FlagState,
    Implication,
    ListKind,
    Method,
)
from gonghui.orgs.counties import counties_under

LOOKUP_CHUNK = 10_000
COLUMNS = [
    "run_id", "household_id", "person_id", "org_id", "county_id", "list_row", "method",
    "score", "evidence", "implication", "state", "reason", "dismissal_key", "raised_on",
    "version",
]  # fmt: skip


def dismissal_key(content_hash: str, subject: int | str, kind: str) -> str:
    """The key under which a decision on (list content, person) is remembered; the subject is
    the person's id, or "new:<blind index>" for a listed person in no archive."""
    return hashlib.sha256(f"{content_hash}:{kind}:{subject}".encode()).hexdigest()


def candidate_regions(run: ComparisonRun) -> dict[str, Any]:
    """admin code → county, for the counties of the run's subtree (a minimum-living list only)."""
    if run.reference_list.kind != ListKind.MINIMUM_LIVING:
        return {}
    return {c.admin_code: c for c in counties_under(run.org, run.as_of) if c.admin_code}


def _chunks(values: list[Any], size: int = LOOKUP_CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def write_flags(
    run: ComparisonRun,
    flags: pa.Table,
    units: pa.Table,
    unmatched: pa.Table | None = None,
    counties: dict[str, Any] | None = None,
) -> tuple[int, int, int]:
    """Write the run's flags; ``units`` maps person_id to org_id and county_id (from the
    archive read for the run). Returns (written, suppressed, new candidates written)."""
    ref = run.reference_list
    kind = ListKind(ref.kind)
    implication = IMPLICATION_OF_KIND[kind]
    today = timezone.localdate()
    hits = flags.join(units, "person_id", join_type="inner").to_pylist() if flags.num_rows else []
    # An ID match comes before a name match of the same person (one flag per person and list).
    hits.sort(key=lambda hit: (hit["method"] != Method.EXACT_ID, hit["list_row"]))
    # Keys of flags raised before on the same list content (dismissed ones stay dismissed).
    existing = set(
        Flag.objects.filter(run__reference_list__content_hash=ref.content_hash).values_list(
            "dismissal_key", flat=True
        )
    )
    rows: list[tuple[Any, ...]] = []
    suppressed = 0
    for hit in hits:
        key = dismissal_key(ref.content_hash, hit["person_id"], kind)
        if key in existing:
            suppressed += 1
            continue
        existing.add(key)
        rows.append(
            (
                run.pk, hit["household_id"], hit["person_id"], hit["org_id"], hit["county_id"],
                hit["list_row"], hit["method"], f"{float(hit['score']):.3f}", hit["evidence"],
                implication, FlagState.OPEN, "", key, today.isoformat(), 1,
            )
        )  # fmt: skip
    matched = len(rows)
    if unmatched is not None and unmatched.num_rows and counties:
        candidates, skipped = _candidates(run, unmatched, counties, existing, today)
        rows.extend(candidates)
        suppressed += skipped
    # Only persons that still exist (the archive was read at the start of the run; a person
    # deleted since then is left out rather than failing the run).
    rows, gone = _still_there(rows)
    matched -= gone
    with transaction.atomic():
        insert_rows(Flag._meta.db_table, COLUMNS, rows)
    return len(rows), suppressed, len(rows) - matched


def _still_there(rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], int]:
    """The rows whose person still exists (candidates have none), and how many were dropped."""
    person_ids = sorted({row[2] for row in rows if row[2] is not None})
    known: set[int] = set()
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array parameter: a long IN list costs PostgreSQL more to plan than to run.
            cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s)", [person_ids])
            known.update(pk for (pk,) in cursor.fetchall())
        else:
            for chunk in _chunks(person_ids, 900):
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
                known.update(pk for (pk,) in cursor.fetchall())
    kept = [row for row in rows if row[2] is None or row[2] in known]
    return kept, len(rows) - len(kept)


def _candidates(
    run: ComparisonRun,
    unmatched: pa.Table,
    counties: dict[str, Any],
    existing: set[str],
    today: date,
) -> tuple[list[tuple[Any, ...]], int]:
    """New-candidate rows: listed persons of a county in scope who are in no open archive
    anywhere (by blind index) and not already surveyed (a household awaiting its archive)."""
    ref = run.reference_list
    listed = []
    for row in unmatched.to_pylist():
        first17 = f"{row['id17']:017d}"
        id18 = first17 + idnumbers.check_char(first17)
        listed.append((row, id18, blind_index(id18, purpose="id")))
    indexes = [index for _, _, index in listed]
    on_file: set[str] = set()
    already = open_on_q(run.as_of, "household__") | Q(
        household__archived_on__isnull=True, household__closed_on__isnull=True
    )
    for chunk in _chunks(indexes):
        on_file.update(
            Person.objects.filter(id_number_index__in=chunk)
            .filter(already)
            .values_list("id_number_index", flat=True)
        )
    out: list[tuple[Any, ...]] = []
    suppressed = 0
    for row, id18, index in listed:
        county = counties.get(row["region"])
        if county is None or index in on_file:
            continue
        key = dismissal_key(ref.content_hash, f"new:{index}", ListKind.MINIMUM_LIVING)
        if key in existing:
            suppressed += 1
            continue
        existing.add(key)
        evidence = {
            "list_id": idnumbers.mask(id18),
            "list_name": row["name"] or "",
            "birth_date": idnumbers.birth_date(id18).isoformat(),
            "sex": "男" if idnumbers.sex(id18) == "M" else "女",
            "region": f"{county.name}（{row['region']}）",
            "archive_search": "全部在档人员（按身份证号盲索引）、已调查待建档家庭均无此人",
            "fact_date": row["fact_date"],
            "value": row["value"],
        }
        out.append(
            (
                run.pk, None, None, county.pk, county.pk, row["list_row"], Method.NOT_ARCHIVED,
                "0.000", json.dumps(evidence, ensure_ascii=False), Implication.NEW_CANDIDATE,
                FlagState.OPEN, "", key, today.isoformat(), 1,
            )
        )  # fmt: skip
    return out, suppressed


def insert_rows(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Plain inserts: COPY on PostgreSQL, executemany batches elsewhere."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        for chunk in _chunks(rows, 5000):
            cursor.executemany(sql, chunk)
