"""A real background worker for tests: `manage.py db_worker` in a process of its own, on the
test database — PostgreSQL directly (the test commits, transaction=True), SQLite through a
file copy of the in-memory test database (handed over before the worker starts, taken back
after it is gone)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.db import connection, models

REPO = Path(django_settings.BASE_DIR)


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

    def state(self, model: type[models.Model], pk: int) -> tuple[str, str, str]:
        """(status, stage, heartbeat) of the job or run as the worker left it, read live."""
        if self.vendor == "sqlite":
            with sqlite3.connect(self.file, timeout=20) as live:
                found = live.execute(
                    f"SELECT status, stage, heartbeat_at FROM {model._meta.db_table} WHERE id = ?",
                    (pk,),
                ).fetchone()
            return found[0], found[1], str(found[2])
        found = model._default_manager.values_list("status", "stage", "heartbeat_at").get(pk=pk)
        return found[0], found[1], str(found[2])


def worker_env(
    tmp_path: Path, settings: Any, database: WorkerDatabase, stale: float
) -> dict[str, str]:
    """The environment of a worker on `database`, its files under tmp_path/var (and this
    process's storage there too), its heartbeat quick and its reaper's stale period `stale`;
    jobs queued by this process go into the database for it."""
    var = tmp_path / "var"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "gonghui.core.filecrypt.EncryptedFileSystemStorage",
            "OPTIONS": {"location": str(var / "media")},
        },
    }
    settings.MEDIA_ROOT = var / "media"
    settings.VAR_DIR = var
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "DATABASE_URL": database.url,
        "GONGHUI_VAR_DIR": str(var),
        "GONGHUI_DATA_KEY": settings.GONGHUI_DATA_KEY,
        "GONGHUI_JOB_HEARTBEAT_SECONDS": "0.3",
        "GONGHUI_JOB_STALE_SECONDS": str(stale),
        "GONGHUI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.1"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def until(condition: Any, seconds: float, what: str) -> Any:
    """Poll the condition until it holds (and return it), failing after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.05)  # polling a condition against a deadline, not waiting for one
    raise AssertionError(f"not within {seconds} s: {what}")


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run a management command in a process of its own."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
