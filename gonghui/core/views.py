"""Pages of background jobs: the job's progress and outcome, its download, the user's jobs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import audit, jobs, reaper
from gonghui.core.models import BackgroundJob
from gonghui.orgs.scoping import get_for_user_or_404, scope_for_user


def _own_jobs(request: HttpRequest) -> QuerySet[BackgroundJob]:
    """The user's own jobs, within the orgs the user still sees (a moved user loses old ones)."""
    return scope_for_user(
        BackgroundJob.objects.filter(requested_by=request.user).select_related("org"),
        request.user,
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The user's 30 most recent jobs."""
    return render(
        request, "core/jobs.html", {"jobs": _own_jobs(request)[:30], "title": "我的任务与文件"}
    )


def _job(request: HttpRequest, pk: int) -> BackgroundJob:
    """The user's job, failed first if its worker has gone silent (so the page says so)."""
    job = get_for_user_or_404(_own_jobs(request), request.user, pk=pk)
    if job.status == BackgroundJob.Status.RUNNING and reaper.reap(job=job)["jobs"]:
        job.refresh_from_db()
    return job


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "core/job.html", {"job": job, "title": job.title})


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the job page polls."""
    job = _job(request, pk)
    return render(request, "core/_job_progress.html", {"job": job})


@login_required
@require_POST
def job_rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a failed job again with the same parameters (and its upload, if still kept)."""
    job = _job(request, pk)
    try:
        again = jobs.rerun(request.user, job, request=request)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("job", job.pk)
    messages.success(request, "已重新提交，任务在后台进行。")
    return redirect("job", again.pk)


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    """The job's file: the document written, or the error report of a refused sheet."""
    job = get_for_user_or_404(_own_jobs(request), request.user, pk=pk)
    if not job.is_finished or not job.output:
        raise Http404
    audit.record("job.downloaded", request=request, obj=job, org=job.org, detail={"kind": job.kind})
    return FileResponse(job.output.open("rb"), as_attachment=True, filename=job.filename)
