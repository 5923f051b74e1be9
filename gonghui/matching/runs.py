"""Executing a comparison run: archive into memory, engine, flags in bulk, audit, file deleted.

Called by the background task (tasks.py) and by `manage.py compare`. The archive's ID numbers
are decrypted into an Arrow table that lives only for the run; nothing plaintext is written.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.crypto import DecryptionError, decrypt
from gonghui.hardship.models import Person
from gonghui.matching import engine
from gonghui.matching.models import (
    IMPLICATION_OF_KIND,
    ComparisonRun,
    Flag,
    FlagState,
    ListKind,
    ReferenceList,
    RunStatus,
)

# Progress is written to the run row at most this often (seconds): the page polls every 2 s.
PROGRESS_INTERVAL = 1.0
UPLOAD_DIR = "matching/uploads"


def upload_dir() -> Path:
    """Where uploaded lists wait for their run (under the var dir, never in the repository)."""
    path = Path(settings.VAR_DIR) / UPLOAD_DIR
    path.mkdir(parents=True, exist_ok=True)
    return path


def work_dir() -> Path:
    """DuckDB's spill directory for runs."""
    path = Path(settings.VAR_DIR) / "matching" / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_digest(path: Path) -> str:
    """SHA-256 of the file content: the identity of a list for dismissal keys."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def dismissal_key(content_hash: str, person_id: int, kind: str) -> str:
    """The key under which a decision on (list content, person) is remembered."""
    return hashlib.sha256(f"{content_hash}:{kind}:{person_id}".encode()).hexdigest()


def archive_table(run: ComparisonRun) -> pa.Table:
    """Every person of every archive open on the run's date in its org subtree, IDs decrypted
    in memory (heads and members)."""
    rows = (
        Person.objects.in_open_archives(run.as_of)
        .in_org(run.org)
        .values_list(
            "pk",
            "household_id",
            "household__county__admin_code",
            "id_number_cipher",
            "name",
            "birth_date",
            "sex",
        )
        .order_by()
    )
    columns: dict[str, list[Any]] = {
        "person_id": [],
        "household_id": [],
        "county_code": [],
        "id18": [],
        "name": [],
        "birth_date": [],
        "sex": [],
        "region": [],
    }
    for pk, household_id, county_code, cipher, name, birth_date, sex in rows.iterator(
        chunk_size=5000
    ):
        try:
            id18 = decrypt(cipher) if cipher else None
        except DecryptionError:
            id18 = None
        columns["person_id"].append(pk)
        columns["household_id"].append(household_id)
        columns["county_code"].append(county_code or "")
        columns["id18"].append(id18)
        columns["name"].append(name)
        columns["birth_date"].append(birth_date)
        columns["sex"].append(sex or None)
        # The ID's region code where known (the person's registration), else the county's.
        columns["region"].append(id18[:6] if id18 else (county_code or None))
    schema = pa.schema(
        [
            ("person_id", pa.int64()),
            ("household_id", pa.int64()),
            ("county_code", pa.string()),
            ("id18", pa.string()),
            ("name", pa.string()),
            ("birth_date", pa.date32()),
            ("sex", pa.string()),
            ("region", pa.string()),
        ]
    )
    return pa.table(columns, schema=schema)


class _RunProgress:
    """Writes stage and rows done to the run row, throttled."""

    def __init__(self, run: ComparisonRun) -> None:
        self.run = run
        self.last = 0.0

    def __call__(self, stage: str, rows_done: int) -> None:
        now = time.monotonic()
        if stage == self.run.stage and now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        self.run.stage = stage
        self.run.rows_done = rows_done
        ComparisonRun.objects.filter(pk=self.run.pk).update(stage=stage, rows_done=rows_done)


def execute(run: ComparisonRun, config: engine.EngineConfig | None = None) -> ComparisonRun:
    """Run the comparison, write the flags, audit, delete the uploaded file; never raise for a
    bad file (the run is marked failed with the Chinese message)."""
    ref = run.reference_list
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.stage = "archive"
    run.save(update_fields=["status", "started_at", "stage"])
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        archive = archive_table(run)
        timings["archive"] = time.perf_counter() - started
        path = Path(ref.file_path)
        if path.exists():
            run.rows_expected = engine.estimate_rows(path, engine.file_format(ref.filename))
            ComparisonRun.objects.filter(pk=run.pk).update(rows_expected=run.rows_expected)
        config = config or engine.EngineConfig(temp_directory=str(work_dir()))
        result = engine.run(
            archive,
            path,
            ref.column_mapping,
            filename=ref.filename,
            progress=_RunProgress(run),
            config=config,
        )
        del archive
        timings.update(result.timings)
        started = time.perf_counter()
        run.stage = "write"
        ComparisonRun.objects.filter(pk=run.pk).update(stage="write")
        written, suppressed = write_flags(run, result.flags)
        timings["write"] = time.perf_counter() - started
    except engine.ListFileError as exc:
        _finish(run, RunStatus.FAILED, error=str(exc), timings=timings)
        return run
    except Exception as exc:
        # A run must never stay "running" forever: record the failure, then let the task
        # backend see the error too.
        _finish(run, RunStatus.FAILED, error=f"比对过程出错：{exc}"[:500], timings=timings)
        raise
    counts = {**result.counts, "flags_written": written, "flags_suppressed": suppressed}
    _finish(run, RunStatus.DONE, counts=counts, timings=timings)
    return run


def _finish(
    run: ComparisonRun,
    status: str,
    *,
    error: str = "",
    counts: dict[str, int] | None = None,
    timings: dict[str, float] | None = None,
) -> None:
    """Record the outcome, audit it, and delete the uploaded file."""
    ref = run.reference_list
    run.status = status
    run.error = error
    run.counts = counts or {}
    run.timings = {k: round(v, 3) for k, v in (timings or {}).items()}
    run.finished_at = timezone.now()
    run.stage = "done" if status == RunStatus.DONE else run.stage
    run.save(
        update_fields=["status", "error", "counts", "timings", "finished_at", "stage", "rows_done"]
    )
    if ref.owns_file and ref.file_path:
        Path(ref.file_path).unlink(missing_ok=True)
        ref.file_deleted_at = timezone.now()
        ref.save(update_fields=["file_deleted_at"])
    audit.record(
        "matching.run_finished" if status == RunStatus.DONE else "matching.run_failed",
        actor=run.started_by,
        obj=run,
        org=run.org,
        detail={
            "list": ref.title,
            "kind": ref.kind,
            "content_hash": ref.content_hash,
            "rows": run.counts.get("rows_read", 0),
            "flags": run.counts.get("flags_written", 0),
            "error": error[:200],
        },
    )


def write_flags(run: ComparisonRun, flags: pa.Table) -> tuple[int, int]:
    """Create the run's flags in bulk, skipping any whose (list content, person) was already
    flagged: dismissed ones stay dismissed, open ones are not doubled. Returns (written,
    suppressed)."""
    ref = run.reference_list
    kind = ListKind(ref.kind)
    implication = IMPLICATION_OF_KIND[kind]
    # Only persons still in the run's scope (the archive may have changed since).
    rows = flags.to_pylist()
    person_ids = {row["person_id"] for row in rows}
    known = set(
        Person.objects.in_org(run.org).filter(pk__in=person_ids).values_list("pk", flat=True)
    )
    keys = {
        row["person_id"]: dismissal_key(ref.content_hash, row["person_id"], kind) for row in rows
    }
    existing = set(
        Flag.objects.filter(dismissal_key__in=list(keys.values())).values_list(
            "dismissal_key", flat=True
        )
    )
    today = timezone.localdate()
    new: list[Flag] = []
    seen: set[str] = set()
    suppressed = 0
    for row in rows:
        key = keys[row["person_id"]]
        if row["person_id"] not in known:
            continue
        if key in existing or key in seen:
            suppressed += 1
            continue
        seen.add(key)
        new.append(
            Flag(
                run=run,
                household_id=row["household_id"],
                person_id=row["person_id"],
                list_row=row["list_row"],
                method=row["method"],
                score=round(float(row["score"]), 3),
                evidence=json.loads(row["evidence"]),
                implication=implication,
                state=FlagState.OPEN,
                dismissal_key=key,
                raised_on=today,
            )
        )
    with transaction.atomic():
        Flag.objects.bulk_create(new, batch_size=2000)
    return len(new), suppressed


def new_reference_list(
    *,
    org: Any,
    kind: str,
    title: str,
    path: Path,
    filename: str,
    mapping: dict[str, str],
    user: Any = None,
    owns_file: bool = True,
    source: str = "",
) -> ReferenceList:
    """A reference list record for a file already on disk."""
    return ReferenceList.objects.create(
        org=org,
        kind=kind,
        title=title,
        source=source,
        filename=filename,
        file_path=str(path),
        owns_file=owns_file,
        content_hash=file_digest(path),
        size_bytes=path.stat().st_size,
        column_mapping=mapping,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )
