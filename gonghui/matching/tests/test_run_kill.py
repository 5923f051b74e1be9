"""A real background worker killed mid-comparison (SIGKILL): the run is failed by the reaper,
no flag is written, and the list can be compared again (not 这份名单正在比对中 forever).

The run is held mid-way deterministically: its list is a named pipe that nobody writes, so
the worker blocks reading it (stage 准备文件) with its heartbeat going, until it is killed.
"""
# ruff: noqa: F811  (`people` is test_flow's fixture, imported to be used here)

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from gonghui.core.tests.workers import WorkerDatabase, manage, start_worker, until, worker_env
from gonghui.matching import actions, runs
from gonghui.matching.models import ComparisonRun, Flag, ReferenceList, RunStatus
from gonghui.matching.tasks import run_comparison
from gonghui.matching.tests.test_flow import HEADERS, csv_bytes, death_rows, people  # noqa: F401

STALE_SECONDS = 2


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_comparison_frees_the_list_to_be_compared_again(
    city_officer,
    people,
    tmp_path,
    settings,
) -> None:
    database = WorkerDatabase(tmp_path)
    env = worker_env(tmp_path, settings, database, STALE_SECONDS)
    pipe = runs.upload_dir() / "blocking.csv"
    os.mkfifo(pipe, 0o600)
    ref = ReferenceList.objects.create(
        org=city_officer.org,
        kind="deceased",
        title="2018年5月死亡人员名单",
        filename="deaths.csv",
        file_path=str(pipe),
        content_hash="f" * 64,
        column_mapping={"id": "身份证号", "name": "姓名"},
        preview_counts={"rows_read": 4},
        uploaded_by=city_officer,
    )
    with transaction.atomic():
        run = ComparisonRun.objects.create(
            reference_list=ref, org=ref.org, as_of=timezone.localdate(), started_by=city_officer
        )
        transaction.on_commit(lambda: run_comparison.enqueue(run.pk))
    database.hand_over()
    worker = start_worker(env)
    try:
        _, _, first_beat = until(
            lambda: (s := database.state(ComparisonRun, run.pk))[1] == "prepare" and s,
            90,
            "the worker reads the list",
        )
        until(
            lambda: database.state(ComparisonRun, run.pk)[2] != first_beat,
            10,
            "the heartbeat moves",
        )
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert database.state(ComparisonRun, run.pk)[0] == "running"  # 比对中, for ever, before

    until(
        lambda: manage(env, "reap_jobs") and database.state(ComparisonRun, run.pk)[0] == "failed",
        STALE_SECONDS + 60,
        "the reaper fails the run",
    )
    database.take_back()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "后台处理进程中断" in run.error
    assert "准备文件" in run.error
    assert not Flag.objects.exists()

    # The list can be compared again: a real list in place of the pipe, a new run, a worker.
    pipe.unlink()
    Path(pipe).write_bytes(csv_bytes(death_rows(people)))
    ReferenceList.objects.filter(pk=ref.pk).update(
        column_mapping={"id": HEADERS[0], "name": HEADERS[1], "birth_date": HEADERS[2]}
    )
    ref.refresh_from_db()
    again = actions.start_run(city_officer, ref)
    database.hand_over()
    manage(env, "db_worker", "--queue-name", "*", "--batch")
    database.take_back()
    again.refresh_from_db()
    assert again.status == RunStatus.DONE, again.error
    assert again.counts["flags_exact_id"] == 2
