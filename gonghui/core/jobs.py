"""Long work in the background (后台任务): documents written and sheets imported.

A page asks for a job and shows its progress; the background worker runs it; the user comes
back to the job's page for the outcome: a file to download, a count, or the errors of a sheet
that was refused. A module offers a kind of job with `@handler("kind")`: a function of the job
and a `progress(stage, percent)` callback that returns an Outcome.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import BackgroundJob

Progress = Callable[[str, int], None]
logger = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a job produced: a file to download and/or figures; `rejected` when its input was
    refused and nothing was written (the result then says why, row by row)."""

    content: bytes | None = None
    filename: str = ""
    result: dict[str, Any] = field(default_factory=dict)
    rejected: bool = False


Handler = Callable[[BackgroundJob, Progress], Outcome]

_handlers: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the worker of jobs of this kind."""

    def register(func: Handler) -> Handler:
        _handlers[kind] = func
        return func

    return register


def start(
    user: Any,
    kind: str,
    org: Any,
    title: str,
    params: dict[str, Any] | None = None,
    *,
    upload: UploadedFile | None = None,
    request: Any = None,
) -> BackgroundJob:
    """Queue a job for the user (who must already be allowed to act for the org); the worker
    starts once the transaction commits."""
    if kind not in _handlers:
        raise ValueError(f"unknown job kind {kind!r}")
    from gonghui.core.tasks import run_job

    with transaction.atomic():
        job = BackgroundJob(kind=kind, title=title, org=org, requested_by=user, params=params or {})
        if upload is not None:
            job.upload_name = upload.name[:200]
            job.upload.save(f"{kind}.bin", upload, save=False)
        job.save()
        audit.record(
            "job.requested",
            request=request,
            actor=user,
            obj=job,
            org=org,
            detail={"kind": kind, "upload": job.upload_name, **(params or {})},
        )
        transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def _set(job: BackgroundJob, **changes: Any) -> None:
    BackgroundJob.objects.filter(pk=job.pk).update(**changes)
    for name, value in changes.items():
        setattr(job, name, value)


def run(job_id: int) -> str:
    """Run a queued job once (a job already claimed by another worker is left alone)."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED).update(
        status=BackgroundJob.Status.RUNNING, stage="开始", percent=1
    )
    if not claimed:
        return "skipped"
    job = BackgroundJob.objects.select_related("org", "requested_by").get(pk=job_id)
    work = _handlers.get(job.kind)

    def progress(stage: str, percent: int) -> None:
        _set(job, stage=stage, percent=max(1, min(99, percent)))

    try:
        if work is None:
            raise LookupError(f"未知的任务类别：{job.kind}")
        outcome = work(job, progress)
    except Exception as exc:  # the user sees that it failed and why; the log has the trace
        _set(
            job,
            status=BackgroundJob.Status.FAILED,
            error=f"处理失败：{exc}",
            finished_at=timezone.now(),
        )
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        return job.status
    finally:
        _discard_upload(job)
    if outcome.content is not None:
        job.output.save(outcome.filename, ContentFile(outcome.content), save=False)
    _set(
        job,
        output=job.output.name or "",
        filename=outcome.filename,
        result=outcome.result,
        status=BackgroundJob.Status.REJECTED if outcome.rejected else BackgroundJob.Status.DONE,
        stage="完成",
        percent=100,
        finished_at=timezone.now(),
    )
    return job.status


def _discard_upload(job: BackgroundJob) -> None:
    """Uploaded sheets hold personal data: once read, they are deleted."""
    if job.upload:
        job.upload.delete(save=False)
        _set(job, upload="")
