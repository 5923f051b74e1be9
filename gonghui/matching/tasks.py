"""Background jobs of data comparison (Django's tasks interface; the db worker runs them)."""

from __future__ import annotations

from django.tasks import task

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
    run = ComparisonRun.objects.select_related("reference_list", "org", "started_by").get(pk=run_id)
    runs.execute(run)
    return run.status
