"""Housekeeping of data comparison: runs whose worker is gone, and uploads never compared.

Comparison runs whose worker is gone are failed with the reason, their list free to run again.

A run writes a heartbeat while it works (runs.execute); a run still 比对中 whose heartbeat is
older than GONGHUI_JOB_STALE_SECONDS lost its worker. Its flags were written in one
transaction or not at all, and its list's file is kept, so the list can be compared again.

A list uploaded and never compared (its column mapping never completed, or its run never
finished) keeps a file of ID numbers under var/matching/uploads/; after
GONGHUI_FILE_RETENTION_DAYS the file is deleted, and a list that never had a run is deleted
with it (a half-made record with nothing behind it).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.utils import timezone

from gonghui.core import audit, reaper
from gonghui.matching.models import STAGE_LABELS, ComparisonRun, ReferenceList, RunStatus
from gonghui.matching.runs import upload_dir, work_dir


def reap_runs(before: datetime, now: datetime, only: Any = None) -> int:
    """Fail the running runs whose heartbeat is older than `before` (or only `only`)."""
    runs = reaper.stale(ComparisonRun.objects.all(), before)
    if only is not None:
        runs = runs.filter(pk=only.pk)
    count = 0
    for run in runs.select_related("reference_list", "org", "started_by"):
        error = reaper.interrupted_message(STAGE_LABELS.get(run.stage, run.stage), run.heartbeat_at)
        # Conditional, so a run that beat again since it was read is left alone.
        done = reaper.stale(ComparisonRun.objects.filter(pk=run.pk), before).update(
            status=RunStatus.FAILED, error=error, finished_at=now
        )
        if done:
            count += 1
            audit.record(
                "matching.run_failed",
                actor=run.started_by,
                obj=run,
                org=run.org,
                detail={
                    "list": run.reference_list.title,
                    "kind": run.reference_list.kind,
                    "error": error[:200],
                    "interrupted": True,
                },
            )
    return count


def reap_run(run: ComparisonRun) -> bool:
    """Fail this run if its worker went silent (its page checks it); whether it did."""
    now = timezone.now()
    return bool(reap_runs(reaper.cutoff(now), now, only=run))


def purge_uploads(before: datetime, now: datetime) -> int:
    """Delete the files of lists uploaded before `before` and not being compared, and the lists
    that never had a run; then files in the upload and work folders that no list names."""
    count = 0
    abandoned = (
        ReferenceList.objects.filter(
            owns_file=True, file_deleted_at__isnull=True, uploaded_at__lt=before
        )
        .exclude(runs__status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
        .select_related("org", "uploaded_by")
    )
    for ref in abandoned:
        if ref.file_path:
            Path(ref.file_path).unlink(missing_ok=True)
        detail = {"title": ref.title, "kind": ref.kind, "uploaded_at": ref.uploaded_at}
        if ref.runs.exists():
            ref.file_deleted_at = now
            ref.save(update_fields=["file_deleted_at"])
            audit.record("matching.list_file_expired", obj=ref, org=ref.org, detail=detail)
        else:
            audit.record("matching.list_abandoned", obj=ref, org=ref.org, detail=detail)
            ref.delete()
        count += 1
    named = set(ReferenceList.objects.exclude(file_path="").values_list("file_path", flat=True))
    for folder in (upload_dir(), work_dir()):
        for path in folder.rglob("*"):
            if not path.is_file() or str(path) in named:
                continue
            if datetime.fromtimestamp(path.stat().st_mtime, tz=now.tzinfo) < before:
                path.unlink(missing_ok=True)
                count += 1
    return count
