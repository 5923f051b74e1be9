"""The background documents' rows of the scoping matrix: a job is its requester's alone."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from gonghui.orgs.tests.matrix_types import Row

ANY_USER = {
    "city_officer": 200,
    "jianning_officer": 200,
    "taining_officer": 200,
    "chair": 200,
    "lawyer": 200,
    "judge": 200,
    "worker": 200,
    "anonymous": 302,
}
# A job that the 建宁 officer asked for: nobody else sees it, not even the city.
OWNER_ONLY = {persona: 404 for persona in ANY_USER} | {"jianning_officer": 200, "anonymous": 302}


def _jianning_job(t: Any) -> int:
    from gonghui.core.models import BackgroundJob
    from gonghui.orgs.models import User

    job = BackgroundJob.objects.create(
        kind="briefing",
        title="建宁县情况通报",
        org=t.jianning,
        requested_by=User.objects.get(username="jianning"),
        params={"as_of": "2018-06-30"},
        status=BackgroundJob.Status.DONE,
        filename="建宁县情况通报.docx",
    )
    job.output.save("briefing.docx", ContentFile(b"PK-docx"), save=True)
    return job.pk


ROWS = [
    Row("jobs", lambda t: reverse("jobs"), ANY_USER),
    Row("job", lambda t: reverse("job", args=[_jianning_job(t)]), OWNER_ONLY),
    Row(
        "job_progress",
        lambda t: reverse("job_progress", args=[_jianning_job(t)]),
        OWNER_ONLY,
    ),
    Row(
        "job_download",
        lambda t: reverse("job_download", args=[_jianning_job(t)]),
        OWNER_ONLY,
    ),
    Row(
        "job_rerun",
        lambda t: reverse("job_rerun", args=[_jianning_job(t)]),
        OWNER_ONLY | {"jianning_officer": 302},
        method="post",
        label="已完成的任务不能重新运行：回到任务页",
    ),
]
