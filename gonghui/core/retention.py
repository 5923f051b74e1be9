"""Sensitive files expire (文件保存期限): job outputs and abandoned uploads are deleted.

A job's files (the document written, an error report, an upload a failed job kept) hold
personal data; GONGHUI_FILE_RETENTION_DAYS after the job finished they are deleted and the job
page says so. Files under the jobs' folders that no job names (a crash between writing the
file and saving the row) are deleted once as old. Other modules register their own clean-up
(data comparison: lists uploaded and never compared).

Runs by `manage.py purge_expired_files` (daily; the demo's scheduler runs it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import BackgroundJob

logger = logging.getLogger(__name__)

JOB_FOLDERS = ("jobs/in", "jobs/out")

Purger = Callable[[datetime, datetime], int]
_purgers: dict[str, Purger] = {}


def register(name: str, func: Purger) -> None:
    """Let `purge_expired` also delete the module's own expired files (from AppConfig.ready);
    `func(cutoff, now)` returns how many files or records it deleted."""
    _purgers[name] = func


def cutoff(now: datetime | None = None) -> datetime:
    """Files made before this have expired."""
    return (now or timezone.now()) - timedelta(days=settings.GONGHUI_FILE_RETENTION_DAYS)


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete every expired file; return how many of each kind."""
    now = now or timezone.now()
    before = cutoff(now)
    counts = {"job_files": _purge_jobs(before, now), "stray_files": _purge_strays(before)}
    for name, func in _purgers.items():
        counts[name] = func(before, now)
    return counts


STALE_QUEUE = (
    "任务排队超过文件保存期限仍未运行（后台处理进程可能未启动），上传的文件已按期删除，请重新上传。"
)


def _purge_jobs(before: datetime, now: datetime) -> int:
    # A job still queued after the whole period (no worker ran it) loses its upload like any.
    never_ran = list(
        BackgroundJob.objects.filter(status="queued", created_at__lt=before).values_list(
            "pk", flat=True
        )
    )
    BackgroundJob.objects.filter(pk__in=never_ran, status="queued").update(
        status=BackgroundJob.Status.FAILED, error=STALE_QUEUE, finished_at=now
    )
    expired = (
        BackgroundJob.objects.exclude(status__in=["queued", "running"])
        .filter(Q(finished_at__lt=before) | Q(pk__in=never_ran))
        .filter(~Q(output="") | ~Q(upload=""))
        .select_related("org", "requested_by")
    )
    count = 0
    for job in expired:
        names = [f.name for f in (job.output, job.upload) if f]
        for name in names:
            default_storage.delete(name)
        BackgroundJob.objects.filter(pk=job.pk).update(output="", upload="", files_expired_at=now)
        audit.record(
            "job.files_expired",
            obj=job,
            org=job.org,
            detail={"kind": job.kind, "files": len(names)},
        )
        count += len(names)
    return count


def _purge_strays(before: datetime) -> int:
    """Files under the jobs' folders that no job names, older than the cut-off."""
    named = {
        name
        for pair in BackgroundJob.objects.values_list("output", "upload")
        for name in pair
        if name
    }
    count = 0
    for folder in JOB_FOLDERS:
        for name in _walk(folder):
            if name in named:
                continue
            try:
                modified = default_storage.get_modified_time(name)
            except (OSError, NotImplementedError):
                continue
            if modified < before:
                default_storage.delete(name)
                count += 1
    return count


def _walk(folder: str) -> list[str]:
    """Every file name under the storage folder (none if it does not exist)."""
    try:
        folders, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names.extend(_walk(f"{folder}/{sub}"))
    return names
