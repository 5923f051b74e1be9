"""The archive a run compares with: every person of the open archives in the run's subtree,
ID numbers decrypted into an Arrow table that lives only for the run (nothing plaintext is
written anywhere).

Read with one plain SQL query (the scoped queryset's own SQL) in chunks, without model
instances; the ciphertexts of each chunk are decrypted with one AES-GCM object, in a pool of
worker processes (one per core) once the archive is larger than one chunk, while this process
fetches the next chunk.
"""

from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from multiprocessing import get_context
from typing import Any

import pyarrow as pa
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast

from gonghui.core import crypto
from gonghui.hardship.models import Person
from gonghui.matching.decrypt import decrypt_chunk, init_worker
from gonghui.orgs.models import Level, Org

CHUNK = 50_000

SCHEMA = pa.schema(
    [
        ("person_id", pa.int64()),
        ("household_id", pa.int64()),
        ("org_id", pa.int64()),
        ("county_id", pa.int64()),
        ("county_code", pa.string()),
        ("id18", pa.string()),
        ("name", pa.string()),
        ("birth_date", pa.date32()),
        ("sex", pa.string()),
        ("region", pa.string()),
    ]
)


def _workers() -> int:
    try:
        return max(1, min(4, len(os.sched_getaffinity(0))))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, min(4, os.cpu_count() or 1))


def read_archive(org: Org, as_of: date) -> pa.Table:
    """Every person (heads and members) of every archive open on the date in the org's
    subtree, with the plaintext ID (id18), household, unit and county."""
    pending = start_archive(org, as_of)
    try:
        return pending.table()
    finally:
        pending.close()


class PendingArchive:
    """The archive fetched from the database, its IDs possibly still being decrypted by the
    worker processes: ``table()`` waits for them (once), ``close()`` stops the pool."""

    def __init__(
        self,
        parts: list[tuple[dict[str, Any], list[str | None], Future[list[str | None]] | None]],
        pool: ProcessPoolExecutor | None,
    ) -> None:
        self.parts = parts
        self.pool = pool
        self._table: pa.Table | None = None

    def table(self) -> pa.Table:
        if self._table is None:
            self._table = _table(self.parts)
            self.parts = []
            self.close()
        return self._table

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


def start_archive(org: Org, as_of: date) -> PendingArchive:
    """Fetch the archive (in this process) and hand its ciphertexts to the worker pool."""
    key, aad = crypto._encryption_key(), crypto._aad()
    init_worker(key, aad)
    # The birth date as ISO text (Arrow parses it in C; a date object per row costs more) and
    # the county's code from a dict (a dozen counties), not a join per row.
    query = (
        Person.objects.in_open_archives(as_of)
        .in_org(org)
        .annotate(birth_text=Cast("birth_date", CharField()))
        .values_list(
            "pk",
            "household_id",
            "household__org_id",
            "household__county_id",
            "id_number_cipher",
            "name",
            "birth_text",
            "sex",
        )
        .order_by()
    )
    codes = dict(Org.objects.filter(level=Level.COUNTY).values_list("pk", "admin_code"))
    sql, params = query.query.sql_with_params()
    parts: list[tuple[dict[str, Any], list[str | None], Future[list[str | None]] | None]] = []
    pool: ProcessPoolExecutor | None = None
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(CHUNK):
                columns = list(zip(*rows, strict=True))
                del rows
                tokens = list(columns[4])
                if pool is None and len(tokens) == CHUNK and _workers() > 1:
                    pool = ProcessPoolExecutor(
                        max_workers=_workers(),
                        mp_context=get_context("spawn"),
                        initializer=init_worker,
                        initargs=(key, aad),
                    )
                # The columns become Arrow arrays now (while the workers decrypt), so that
                # no chunk is held as Python tuples longer than it takes to fetch the next.
                arrays = _arrays(columns, codes)
                if pool is not None:
                    parts.append((arrays, tokens, pool.submit(decrypt_chunk, tokens)))
                else:
                    parts.append((arrays, tokens, None))
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    return PendingArchive(parts, pool)


def _arrays(columns: list[tuple[Any, ...]], codes: dict[int, str]) -> dict[str, Any]:
    """One chunk's columns as Arrow arrays (all but the ID and the region)."""
    births = pa.array(columns[6])
    if not pa.types.is_date32(births.type):
        births = births.cast(pa.string()).cast(pa.date32())
    return {
        "person_id": pa.array(columns[0], pa.int64()),
        "household_id": pa.array(columns[1], pa.int64()),
        "org_id": pa.array(columns[2], pa.int64()),
        "county_id": pa.array(columns[3], pa.int64()),
        "county_code": [codes.get(county, "") or "" for county in columns[3]],
        "name": pa.array(columns[5], pa.string()),
        "birth_date": births,
        "sex": pa.array([s or None for s in columns[7]], pa.string()),
    }


def _table(
    parts: list[tuple[dict[str, Any], list[str | None], Future[list[str | None]] | None]],
) -> pa.Table:
    """The chunks as one Arrow table; the region is the ID's where known, else the county's."""
    batches = []
    for arrays, tokens, pending in parts:
        try:
            ids = pending.result() if pending is not None else decrypt_chunk(tokens)
        except BrokenProcessPool:
            # A worker could not start or died (say, a host that cannot spawn): decrypt here.
            ids = decrypt_chunk(tokens)
        codes = arrays["county_code"]
        region = [i[:6] if i else (c or None) for i, c in zip(ids, codes, strict=True)]
        batches.append(
            pa.record_batch(
                {
                    **arrays,
                    "county_code": pa.array(codes, pa.string()),
                    "id18": pa.array(ids, pa.string()),
                    "region": pa.array(region, pa.string()),
                },
                schema=SCHEMA,
            )
        )
    if not batches:
        return SCHEMA.empty_table()
    return pa.Table.from_batches(batches, schema=SCHEMA)
