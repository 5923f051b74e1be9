"""Background jobs of data comparison (Django's tasks interface; the db worker runs them)."""

from __future__ import annotations

from django.tasks import task

from gonghui.core import jobs, reaper
from gonghui.matching import runs
from gonghui.matching.models import ComparisonRun, RunStatus


@task
def run_comparison(run_id: int) -> str:
    """Execute a queued comparison run (once: a run already started is left alone)."""
    claimed = ComparisonRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING
    )
    if not claimed:
        return "skipped"
    reaper.reap()  # a run of a worker that died before this one started is failed now
    run = ComparisonRun.objects.select_related("reference_list", "org", "started_by").get(pk=run_id)
    # The run re-enters its requester's scope as it is now (a run from the command line has
    # no requester: whoever runs `manage.py compare` has the whole database anyway).
    problem = run.started_by and jobs.requester_scope_problem(run.started_by, run.org)
    if problem:
        runs.refuse(run, problem)
        return run.status
    runs.execute(run)
    return run.status
