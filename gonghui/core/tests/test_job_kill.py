"""A real background worker killed mid-import (SIGKILL): the job is failed within the stale
period by the reaper, nothing is half-written, and the page offers to run it again.

The worker is `manage.py db_worker` in a process of its own, on the test database: PostgreSQL
directly (the test commits, transaction=True), SQLite through a file copy of the in-memory test
database (made before the worker starts and copied back after the reaper ran).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core import jobs
from gonghui.core.models import BackgroundJob
from gonghui.core.spreadsheets import write_xlsx
from gonghui.hardship import import_job
from gonghui.hardship.imports import TEMPLATE_HEADERS
from gonghui.hardship.models import Household
from gonghui.hardship.tests.conftest import make_id, standards  # noqa: F401 (a fixture)

ROWS = 4000  # households: several seconds of checking, so that the kill lands mid-way
STALE_SECONDS = 2
REPO = Path(django_settings.BASE_DIR)


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


class WorkerDatabase:
    """The test database as another process reaches it."""

    def __init__(self, tmp_path: Path) -> None:
        self.vendor = connection.vendor
        self.file = tmp_path / "worker.sqlite3"
        self.url = self._url()

    def _url(self) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.file}"
        db = connection.settings_dict
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"

    def hand_over(self) -> None:
        """The other process sees what this one committed."""
        if self.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.file)
            connection.connection.backup(target)
            target.close()

    def take_back(self) -> None:
        """This process sees what the other one committed."""
        if self.vendor == "sqlite":
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def job_state(self, pk: int) -> tuple[str, str, str | None]:
        """(status, stage, heartbeat) of the job as the worker left it, read live."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.file, timeout=20) as live:
                found = live.execute(
                    "SELECT status, stage, heartbeat_at FROM core_backgroundjob WHERE id = ?",
                    (pk,),
                ).fetchone()
            return found[0], found[1], found[2]
        found = BackgroundJob.objects.values_list("status", "stage", "heartbeat_at").get(pk=pk)
        return found[0], found[1], str(found[2])


@pytest.fixture
def worker_env(tmp_path: Path, settings: Any) -> Iterator[dict[str, str]]:
    var = tmp_path / "var"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "gonghui.core.filecrypt.EncryptedFileSystemStorage",
            "OPTIONS": {"location": str(var / "media")},
        },
    }
    settings.MEDIA_ROOT = var / "media"
    # Queued into the database, as in production, for the worker process to claim.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "GONGHUI_VAR_DIR": str(var),
        "GONGHUI_DATA_KEY": settings.GONGHUI_DATA_KEY,
        "GONGHUI_JOB_HEARTBEAT_SECONDS": "0.3",
        "GONGHUI_JOB_STALE_SECONDS": str(STALE_SECONDS),
        "GONGHUI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    yield env


def _until(condition: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)  # polling a condition against a deadline, not waiting for one
    raise AssertionError(f"not within {seconds} s: {what}")


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("standards")
def test_a_worker_killed_mid_import_leaves_a_failed_job_and_no_households(
    tree, jianning_officer, tmp_path, worker_env
) -> None:
    job = jobs.start(
        jianning_officer, import_job.KIND, tree.jianning, "导入困难职工档案", upload=_sheet()
    )
    database = WorkerDatabase(tmp_path)
    env = {**worker_env, "DATABASE_URL": database.url}
    database.hand_over()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # Mid-way: checking the rows, with the heartbeat going (it moves while the job works).
        _, _, first_beat = _until(
            lambda: (s := database.job_state(job.pk))[1].startswith("逐行校验") and s,
            90,
            "the worker checks the rows",
        )
        _until(lambda: database.job_state(job.pk)[2] != first_beat, 10, "the heartbeat moves")
        status, stage, _ = database.job_state(job.pk)
        assert status == "running" and stage.startswith("逐行校验"), "the job ended too soon"
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at = time.monotonic()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        worker.stderr.close()  # type: ignore[union-attr]

    assert database.job_state(job.pk)[0] == "running"  # what the reaper is for
    # The scheduler's reaper, run until it fails the job (within the stale period and a run).
    _until(
        lambda: _manage(env, "reap_jobs") and database.job_state(job.pk)[0] == "failed",
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
