"""A real background worker killed mid-import (SIGKILL): the job is failed within the stale
period by the reaper, nothing is half-written, and the page offers to run it again."""

from __future__ import annotations

import signal
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import jobs
from gonghui.core.models import BackgroundJob
from gonghui.core.spreadsheets import write_xlsx
from gonghui.core.tests.workers import WorkerDatabase, manage, start_worker, until, worker_env
from gonghui.hardship import import_job
from gonghui.hardship.imports import TEMPLATE_HEADERS
from gonghui.hardship.models import Household
from gonghui.hardship.tests.conftest import make_id, standards  # noqa: F401 (a fixture)

ROWS = 4000  # households: several seconds of checking, so that the kill lands mid-way
STALE_SECONDS = 2


def _sheet() -> SimpleUploadedFile:
    def row(n: int) -> list[str]:
        values = {
            "户编号": f"K{n}",
            "县（市、区）": "建宁县总工会",
            "家庭住址": "建宁县濉溪镇",
            "档案级别": "县级档",
            "致困原因": "因病",
            "建档日期": "2018-03-01",
            "家庭年刚性支出": "0",
            "与户主关系": "本人",
            "姓名": f"张{n}",
            "身份证号": make_id(),
            "月收入": "400",
        }
        return [values.get(h, "") for h in TEMPLATE_HEADERS]

    content = write_xlsx(TEMPLATE_HEADERS, [row(n) for n in range(ROWS)], "档案")
    return SimpleUploadedFile("建宁档案.xlsx", content)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("standards")
def test_a_worker_killed_mid_import_leaves_a_failed_job_and_no_households(
    tree, jianning_officer, tmp_path, settings
) -> None:
    database = WorkerDatabase(tmp_path)
    env = worker_env(tmp_path, settings, database, STALE_SECONDS)
    job = jobs.start(
        jianning_officer, import_job.KIND, tree.jianning, "导入困难职工档案", upload=_sheet()
    )
    database.hand_over()
    worker = start_worker(env)
    try:
        # Mid-way: checking the rows, with the heartbeat going (it moves while the job works).
        _, _, first_beat = until(
            lambda: (s := database.state(BackgroundJob, job.pk))[1].startswith("逐行校验") and s,
            90,
            "the worker checks the rows",
        )
        until(
            lambda: database.state(BackgroundJob, job.pk)[2] != first_beat,
            10,
            "the heartbeat moves",
        )
        status, stage, _ = database.state(BackgroundJob, job.pk)
        assert status == "running" and stage.startswith("逐行校验"), "the job ended too soon"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at = time.monotonic()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    assert database.state(BackgroundJob, job.pk)[0] == "running"  # what the reaper is for
    # The scheduler's reaper, run until it fails the job (within the stale period and a run).
    until(
        lambda: manage(env, "reap_jobs") and database.state(BackgroundJob, job.pk)[0] == "failed",
        STALE_SECONDS + 60,
        "the reaper fails the job",
    )
    took = time.monotonic() - killed_at
    database.take_back()

    job.refresh_from_db()
    assert job.status == "failed" and "后台处理进程中断" in job.error, job.error
    assert "逐行校验" in job.error
    assert Household.objects.count() == 0  # the import writes all or nothing
    assert job.upload  # kept for 重新运行
    page = client_for(jianning_officer).get(reverse("job", args=[job.pk])).content.decode()
    assert "后台处理进程中断" in page and reverse("job_rerun", args=[job.pk]) in page
    print(f"killed mid-check of {ROWS} rows; failed by the reaper {took:.1f} s after the kill")
