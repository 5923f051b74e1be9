"""Executing a comparison run: archive into memory, engine, flags in bulk, audit, file deleted.

Called by the background task (tasks.py) and by `manage.py compare`. The archive's ID numbers
are decrypted into an Arrow table that lives only for the run; nothing plaintext is written.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.heartbeat import Heartbeat
from gonghui.matching import engine
from gonghui.matching.archive import PendingArchive, start_archive
from gonghui.matching.flagwrite import candidate_regions, dismissal_key, write_flags
from gonghui.matching.models import ComparisonRun, ReferenceList, RunStatus

__all__ = ["dismissal_key", "execute", "file_digest", "new_reference_list", "upload_dir"]

# Progress is written to the run row at most this often (seconds): the page polls every 2 s.
PROGRESS_INTERVAL = 1.0
UPLOAD_DIR = "matching/uploads"


def upload_dir() -> Path:
    """Where uploaded lists wait for their run (under the var dir, never in the repository)."""
    path = Path(settings.VAR_DIR) / UPLOAD_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)  # lists of ID numbers: this user's only
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
        ComparisonRun.objects.filter(pk=self.run.pk).update(
            stage=stage, rows_done=rows_done, heartbeat_at=timezone.now()
        )


def _fetch(org: Any, as_of: Any) -> tuple[PendingArchive, float]:
    """The archive fetched on this thread's own connection (closed after), and how long."""
    started = time.perf_counter()
    try:
        return start_archive(org, as_of), time.perf_counter() - started
    finally:
        connection.close()


def execute(run: ComparisonRun, config: engine.EngineConfig | None = None) -> ComparisonRun:
    """Run the comparison, write the flags, audit, delete the uploaded file; never raise for a
    bad file (the run is marked failed with the Chinese message)."""
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.stage = "archive"
    run.heartbeat_at = run.started_at
    run.save(update_fields=["status", "started_at", "stage", "heartbeat_at"])
    with Heartbeat(ComparisonRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING)):
        return _execute(run, config)


def _execute(run: ComparisonRun, config: engine.EngineConfig | None) -> ComparisonRun:
    ref = run.reference_list
    timings: dict[str, float] = {}
    pending = None
    fetching: Future[tuple[PendingArchive, float]] | None = None
    try:
        if connection.in_atomic_block:
            # Inside a caller's transaction (tests) another connection would not see its rows.
            started = time.perf_counter()
            pending = start_archive(run.org, run.as_of)
            timings["archive"] = time.perf_counter() - started
        else:
            # Fetched by a thread of its own, on its own connection, while DuckDB reads the
            # list; its IDs are decrypted by worker processes meanwhile.
            fetcher = ThreadPoolExecutor(max_workers=1)
            fetching = fetcher.submit(_fetch, run.org, run.as_of)
            fetcher.shutdown(wait=False)  # the thread ends with the fetch
        counties = candidate_regions(run)

        def archive_table() -> Any:
            nonlocal pending, fetching
            if fetching is not None:
                pending, timings["archive"] = fetching.result()
                fetching = None
            assert pending is not None
            return pending.table()

        path = Path(ref.file_path)
        if path.exists():
            run.rows_expected = engine.estimate_rows(path, engine.file_format(ref.filename))
            ComparisonRun.objects.filter(pk=run.pk).update(rows_expected=run.rows_expected)
        config = config or engine.EngineConfig(temp_directory=str(work_dir()))
        result = engine.run(
            archive_table,
            path,
            ref.column_mapping,
            filename=ref.filename,
            progress=_RunProgress(run),
            config=config,
            unmatched_regions=sorted(counties) if counties else None,
        )
        units = archive_table().select(["person_id", "org_id", "county_id"])
        pending = None
        timings.update(result.timings)
        started = time.perf_counter()
        run.stage = "write"
        ComparisonRun.objects.filter(pk=run.pk).update(stage="write")
        written, suppressed, candidates = write_flags(
            run, result.flags, units, result.unmatched, counties
        )
        timings["write"] = time.perf_counter() - started
    except engine.ListFileError as exc:
        _finish(run, RunStatus.FAILED, error=str(exc), timings=timings)
        return run
    except Exception as exc:
        # A run must never stay "running" forever: record the failure, then let the task
        # backend see the error too.
        _finish(run, RunStatus.FAILED, error=f"比对过程出错：{exc}"[:500], timings=timings)
        raise
    finally:
        if fetching is not None:  # the engine failed before it needed the archive
            pending = fetching.result()[0]
        if pending is not None:
            pending.close()
    counts = {**result.counts, "flags_written": written, "flags_suppressed": suppressed}
    if counties:
        counts["new_candidates"] = candidates
    started = time.perf_counter()
    _finish(run, RunStatus.DONE, counts=counts, timings=timings)
    # The audit and the file's deletion, after the run's row was saved: kept on the row too.
    finish = round(time.perf_counter() - started, 3)
    run.timings["finish"] = finish
    ComparisonRun.objects.filter(pk=run.pk).update(timings=run.timings)
    return run


def refuse(run: ComparisonRun, reason: str) -> None:
    """Fail the run before it reads anything (its requester may no longer run it); the list's
    file is deleted like after any run."""
    _finish(run, RunStatus.FAILED, error=reason)


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
