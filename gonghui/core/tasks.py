"""Background jobs of the core (see gonghui.core.jobs)."""

from __future__ import annotations

from django.tasks import task

from gonghui.core import jobs


@task
def run_job(job_id: int) -> str:
    """Run the queued job `job_id`."""
    return jobs.run(job_id)
