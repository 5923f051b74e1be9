"""Jobs whose worker is gone (后台处理进程中断): found by their heartbeat, failed, locks released.

A background job and a comparison run both write a heartbeat while they work (core.heartbeat).
One still marked running whose heartbeat is older than GONGHUI_JOB_STALE_SECONDS lost its
worker: it is marked failed with the reason, so that its page says what happened and offers to
run it again, and (for a comparison) its list can be compared again.

Nothing is retried automatically: a job that killed its worker (memory, a runaway sheet) would
kill the next one too, and each kind already writes all or nothing — an import in one
transaction, a comparison's flags in one transaction, a document only when it is complete — so
the user's 重新运行 is safe and is a decision a person takes once.

Runs by `manage.py reap_jobs` (at worker start and every minute in the demo's scheduler) and
when a job's or run's page is opened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.models import BackgroundJob


def interrupted_message(stage: str, heartbeat_at: datetime | None) -> str:
    """The Chinese reason a reaped job's page shows."""
    when = timezone.localtime(heartbeat_at).strftime("%Y-%m-%d %H:%M:%S") if heartbeat_at else ""
    where = f"在“{stage}”阶段" if stage else ""
    last = f"（最后一次心跳 {when}）" if when else ""
    return (
        f"后台处理进程中断：任务{where}停止响应{last}，未完成，未写入任何数据。"
        "可点击“重新运行”再试一次；如反复中断，请联系系统管理员。"
    )


def cutoff(now: datetime | None = None) -> datetime:
    """Heartbeats older than this are a lost worker's."""
    return (now or timezone.now()) - timedelta(seconds=settings.GONGHUI_JOB_STALE_SECONDS)


def stale(rows: QuerySet[Any], before: datetime) -> QuerySet[Any]:
    """The rows still running whose heartbeat (or, with none, whose creation) is before."""
    return rows.filter(status="running").filter(
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, created_at__lt=before)
    )


# Other modules' long work (a comparison run) reaps itself through a function registered here:
# called with the cut-off and the time, it returns how many it failed.
Reaper = Callable[[datetime, datetime], int]
_reapers: dict[str, Reaper] = {}


def register(name: str, func: Reaper) -> None:
    """Let `reap` also fail the module's own silent work (registered from AppConfig.ready)."""
    _reapers[name] = func


def reap(now: datetime | None = None, *, job: Any = None) -> dict[str, int]:
    """Fail every running job (or only `job`, when its page checks it) and every registered
    module's work whose heartbeat stopped; return how many of each."""
    now = now or timezone.now()
    before = cutoff(now)
    stale_jobs = stale(BackgroundJob.objects.all(), before)
    if job is not None:
        stale_jobs = stale_jobs.filter(pk=job.pk)
    reaped = {
        "jobs": sum(
            _reap_job(s, before, now) for s in stale_jobs.select_related("org", "requested_by")
        )
    }
    if job is None:
        for name, func in _reapers.items():
            reaped[name] = func(before, now)
    return reaped


def _reap_job(job: BackgroundJob, before: datetime, now: datetime) -> int:
    # Conditional, so a job that beat again (or finished) since it was read is left alone.
    # Its upload is kept: 重新运行 reads it again (the file clean-up deletes it in time).
    error = interrupted_message(job.stage, job.heartbeat_at)
    done = stale(BackgroundJob.objects.filter(pk=job.pk), before).update(
        status=BackgroundJob.Status.FAILED, error=error, finished_at=now
    )
    if done:
        audit.record(
            "job.interrupted",
            actor=job.requested_by,
            obj=job,
            org=job.org,
            detail={"kind": job.kind, "stage": job.stage, "percent": job.percent},
        )
    return done
