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

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.heartbeat import Heartbeat
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


class ScopeLost(Exception):
    """The requester may no longer act for the job's org (deactivated, or moved elsewhere)."""


def requester_scope_problem(user: Any, org: Any) -> str:
    """Why the user may not act for the org now (the Chinese reason), or "" if they may.

    A job runs minutes or days after it was asked for: it re-enters its requester's scope as
    it is at run time (ARCHITECTURE: jobs re-enter the requester's scope)."""
    from gonghui.orgs.scoping import visible_orgs

    if user is None:
        return "提交任务的用户已不存在，任务未运行，未写入任何数据。"
    if not user.is_active:
        return f"提交任务的用户“{user.username}”已停用，任务未运行，未写入任何数据。"
    if not visible_orgs(user).filter(pk=org.pk).exists():
        return (
            f"提交任务的用户“{user.username}”已无权处理“{org.name}”的数据"
            "（所在单位或权限已变更），任务未运行，未写入任何数据。"
        )
    return ""


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
    """Run a queued job once (a job already claimed by another worker is left alone), as its
    requester is now: a requester deactivated or moved out of the job's org gets nothing."""
    claimed = BackgroundJob.objects.filter(pk=job_id, status=BackgroundJob.Status.QUEUED).update(
        status=BackgroundJob.Status.RUNNING, stage="开始", percent=1, heartbeat_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    from gonghui.core import reaper

    reaper.reap()  # a job of a worker that died before this one started is failed now
    job = BackgroundJob.objects.select_related("org", "requested_by").get(pk=job_id)
    work = _handlers.get(job.kind)
    alive = BackgroundJob.objects.filter(pk=job.pk, status=BackgroundJob.Status.RUNNING)

    def progress(stage: str, percent: int) -> None:
        _set(job, stage=stage, percent=max(1, min(99, percent)), heartbeat_at=timezone.now())

    try:
        problem = requester_scope_problem(job.requested_by, job.org)
        if problem:
            raise ScopeLost(problem)
        if work is None:
            raise LookupError(f"未知的任务类别：{job.kind}")
        with Heartbeat(alive):
            outcome = work(job, progress)
    except ScopeLost as exc:
        _set(job, status=BackgroundJob.Status.FAILED, error=str(exc), finished_at=timezone.now())
        audit.record(
            "job.refused",
            actor=job.requested_by,
            obj=job,
            org=job.org,
            detail={"kind": job.kind, "reason": str(exc)},
        )
        return job.status
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


def rerun(user: Any, job: BackgroundJob, *, request: Any = None) -> BackgroundJob:
    """Queue the failed job again for its requester, with the same kind, org and parameters
    (and the same uploaded file, where it is still kept); refuse with the Chinese reason."""
    if job.status != BackgroundJob.Status.FAILED:
        raise ValidationError("只有失败的任务可以重新运行")
    if job.upload_name and not job.upload:
        raise ValidationError(f"原上传文件“{job.upload_name}”已删除，请重新上传后再提交。")
    problem = requester_scope_problem(user, job.org)
    if problem:
        raise ValidationError(problem.replace("任务未运行，未写入任何数据。", "不能重新运行。"))
    if job.upload:
        with job.upload.open("rb") as handle:
            again = start(
                user,
                job.kind,
                job.org,
                job.title,
                dict(job.params),
                upload=File(handle, name=job.upload_name),  # type: ignore[arg-type]
                request=request,
            )
        _discard_upload(job)  # the copy is the new job's now
    else:
        again = start(user, job.kind, job.org, job.title, dict(job.params), request=request)
    BackgroundJob.objects.filter(pk=again.pk).update(rerun_of=job)
    again.rerun_of = job
    return again


def _discard_upload(job: BackgroundJob) -> None:
    """Uploaded sheets hold personal data: once read, they are deleted."""
    if job.upload:
        job.upload.delete(save=False)
        _set(job, upload="")
